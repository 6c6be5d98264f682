package io.ringway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LoadMessagesTest
{
    private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

    @Test
    void shouldPadDataToExactlyPayloadBytes()
    {
        for (final long index : new long[] {0, 9, 10, 12345, 9_999_999})
        {
            assertEquals(100, LoadMessages.data(100, index).getBytes(StandardCharsets.UTF_8).length, "index " + index);
        }
    }

    @Test
    void shouldUseSmallestDataWhenPayloadTooSmallForIndex()
    {
        assertEquals("{\"n\":123,\"pad\":\"\"}", LoadMessages.data(0, 123));
    }

    @Test
    void shouldEncodeJsonPublishWithIndexAndPadding()
    {
        final ByteBuf publish = new LoadMessages("room-1", 40, false).publish(alloc, 42);
        assertEquals("{\"type\":\"publish\",\"room\":\"room-1\",\"data\":" + LoadMessages.data(40, 42) + "}",
            publish.toString(StandardCharsets.UTF_8));
        assertEquals(42, MessageScan.findIndex(publish));
        publish.release();
    }

    @Test
    void shouldEncodeBinaryPublishFrame()
    {
        final ByteBuf frame = new LoadMessages("r", 20, true).publish(alloc, 7);
        final String payload = "{\"room\":\"r\",\"data\":" + LoadMessages.data(20, 7) + "}";
        assertEquals(7 + payload.length(), frame.getInt(0));
        assertEquals(1, frame.getByte(4));
        assertEquals(LoadMessages.TYPE_MESSAGE, frame.getByte(5));
        assertEquals(LoadMessages.FLAG_JSON, frame.getByte(6));
        assertEquals(payload, frame.toString(7, frame.readableBytes() - 7, StandardCharsets.UTF_8));
        frame.release();
    }

    @Test
    void shouldEncodeJoinAsInProtocolTestVectorShape()
    {
        final ByteBuf join = new LoadMessages("lobby", 0, true).join(alloc);
        // PROTOCOL.md's vector uses id "1"; ours uses "join": same header layout, 35 bytes
        assertEquals("000000230102017b22726f6f6d223a226c6f626279222c226964223a226a6f696e227d", ByteBufUtil.hexDump(join));
        join.release();
        final ByteBuf jsonJoin = new LoadMessages("lobby", 0, false).join(alloc);
        assertEquals("{\"type\":\"join\",\"room\":\"lobby\",\"id\":\"join\"}", jsonJoin.toString(StandardCharsets.UTF_8));
        jsonJoin.release();
    }

    @Test
    void shouldEncodeHeartbeatAsInProtocolTestVector()
    {
        final ByteBuf heartbeat = LoadMessages.heartbeat(alloc);
        assertEquals("00000007010500", ByteBufUtil.hexDump(heartbeat));
        heartbeat.release();
    }

    @Test
    void shouldRefuseNamesNeedingJsonEscapes()
    {
        assertThrows(IllegalArgumentException.class, () -> new LoadMessages("a\"b", 10, false));
        assertThrows(IllegalArgumentException.class, () -> new LoadMessages("", 10, false));
        assertThrows(IllegalArgumentException.class, () -> new LoadMessages("{x", 10, false));
    }
}
