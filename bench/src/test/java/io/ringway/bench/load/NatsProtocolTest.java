package io.ringway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NatsProtocolTest
{
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

    @Test
    void shouldMapRoomToSubjectWhenTokensAreNonEmpty()
    {
        assertEquals("room.lobby", NatsProtocol.subject("lobby"));
        assertEquals("room.a.b-c:d", NatsProtocol.subject("a.b-c:d"));
        for (final String bad : new String[] {".a", "a.", "a..b", "a b", "a>"})
        {
            assertThrows(IllegalArgumentException.class, () -> NatsProtocol.subject(bad), bad);
        }
    }

    @Test
    void shouldEncodePublishWithDataAsPayloadWhenWireIsNats()
    {
        final ByteBuf pub = new LoadMessages("r1", 40, LoadMessages.Wire.NATS).publish(alloc, 42);
        final String data = LoadMessages.data(40, 42);
        assertEquals("PUB room.r1 " + data.length() + "\r\n" + data + "\r\n", pub.toString(StandardCharsets.US_ASCII));
        assertEquals(42, MessageScan.findIndex(pub));
        pub.release();
    }

    @Test
    void shouldUseSmallestPayloadWhenPayloadBytesTooSmall()
    {
        final ByteBuf pub = new LoadMessages("r1", 0, LoadMessages.Wire.NATS).publish(alloc, 1234567);
        assertEquals("PUB room.r1 22\r\n{\"n\":1234567,\"pad\":\"\"}\r\n", pub.toString(StandardCharsets.US_ASCII));
        pub.release();
    }

    @Test
    void shouldJoinWithSubThenPing()
    {
        final ByteBuf join = new LoadMessages("lobby", 0, LoadMessages.Wire.NATS).join(alloc);
        assertEquals("SUB room.lobby 1\r\nPING\r\n", join.toString(StandardCharsets.US_ASCII));
        join.release();
    }

    @Test
    void shouldConnectWithEchoOnAndVerboseOff()
    {
        final ByteBuf connect = NatsProtocol.connect(alloc, "lg-1-pub");
        final String line = connect.toString(StandardCharsets.US_ASCII);
        assertTrue(line.startsWith("CONNECT {\"verbose\":false,\"pedantic\":false,\"echo\":true,"), line);
        assertTrue(line.contains("\"name\":\"lg-1-pub\""), line);
        assertTrue(line.endsWith("}\r\n"), line);
        connect.release();
    }

    @Test
    void shouldTurnErrTextIntoShortCode()
    {
        assertEquals("slow_consumer", NatsProtocol.errorCode("'Slow Consumer'"));
        assertEquals("maximum_payload_violation", NatsProtocol.errorCode("'Maximum Payload Violation'"));
        assertEquals("permissions_violation", NatsProtocol.errorCode("'Permissions Violation for Publish to \"room.x\"'"));
        assertEquals("unknown", NatsProtocol.errorCode("''"));
    }
}
