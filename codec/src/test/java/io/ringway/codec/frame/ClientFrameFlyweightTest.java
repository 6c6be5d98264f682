package io.ringway.codec.frame;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientFrameFlyweightTest
{
    private static final int OFFSET = 11;
    private static final byte GUARD = (byte)0xA5;

    private final byte[] bytes = new byte[64];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private final ClientFrameFlyweight frame = new ClientFrameFlyweight();

    @Test
    void shouldMatchDocumentedLayoutWhenConstantsAreRead()
    {
        assertEquals(0, ClientFrameFlyweight.LENGTH_OFFSET);
        assertEquals(4, ClientFrameFlyweight.VERSION_OFFSET);
        assertEquals(5, ClientFrameFlyweight.TYPE_OFFSET);
        assertEquals(6, ClientFrameFlyweight.FLAGS_OFFSET);
        assertEquals(7, ClientFrameFlyweight.HEADER_LENGTH);
        assertEquals(1, ClientFrameFlyweight.CURRENT_VERSION);
        assertEquals(0x07, ClientFrameFlyweight.KNOWN_FLAGS);
    }

    @Test
    void shouldReadBackHeaderWhenWrittenAtOffset()
    {
        Arrays.fill(bytes, GUARD);
        final byte[] payload = "{\"room\":\"lobby\"}".getBytes(StandardCharsets.US_ASCII);
        buffer.putBytes(OFFSET + ClientFrameFlyweight.HEADER_LENGTH, payload);

        final int frameLength = ClientFrameFlyweight.writeHeader(
            buffer, OFFSET, FrameType.JOIN_ROOM, ClientFrameFlyweight.FLAG_JSON, payload.length);

        assertEquals(ClientFrameFlyweight.HEADER_LENGTH + payload.length, frameLength);
        frame.wrap(buffer, OFFSET);
        assertEquals(frameLength, frame.frameLength());
        assertEquals(ClientFrameFlyweight.CURRENT_VERSION, frame.version());
        assertEquals(FrameType.JOIN_ROOM, frame.type());
        assertEquals(ClientFrameFlyweight.FLAG_JSON, frame.flags());
        assertEquals(OFFSET + ClientFrameFlyweight.HEADER_LENGTH, frame.payloadOffset());
        assertEquals(payload.length, frame.payloadLength());

        final byte[] readPayload = new byte[frame.payloadLength()];
        buffer.getBytes(frame.payloadOffset(), readPayload);
        assertArrayEquals(payload, readPayload);
        for (int i = 0; i < OFFSET; i++)
        {
            assertEquals(GUARD, bytes[i], "byte before the frame at " + i);
        }
        for (int i = OFFSET + frameLength; i < bytes.length; i++)
        {
            assertEquals(GUARD, bytes[i], "byte after the frame at " + i);
        }
    }

    @Test
    void shouldWriteBigEndianLengthWhenHeaderIsWritten()
    {
        ClientFrameFlyweight.writeHeader(buffer, OFFSET, FrameType.MESSAGE, ClientFrameFlyweight.FLAG_BINARY, 0x0102 - 7);

        assertEquals(0x00, bytes[OFFSET]);
        assertEquals(0x00, bytes[OFFSET + 1]);
        assertEquals(0x01, bytes[OFFSET + 2]);
        assertEquals(0x02, bytes[OFFSET + 3]);
        assertEquals(0x01, bytes[OFFSET + 4]);
        assertEquals(FrameType.MESSAGE, bytes[OFFSET + 5]);
        assertEquals(ClientFrameFlyweight.FLAG_BINARY, bytes[OFFSET + 6]);
    }

    @Test
    void shouldReadUnsignedBytesWhenHeaderBytesHaveHighBitSet()
    {
        buffer.putInt(OFFSET, 7, java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putByte(OFFSET + ClientFrameFlyweight.VERSION_OFFSET, (byte)0x80);
        buffer.putByte(OFFSET + ClientFrameFlyweight.TYPE_OFFSET, (byte)0xFF);
        buffer.putByte(OFFSET + ClientFrameFlyweight.FLAGS_OFFSET, (byte)0xF0);

        frame.wrap(buffer, OFFSET);

        assertEquals(0x80, frame.version());
        assertEquals(0xFF, frame.type());
        assertEquals(0xF0, frame.flags());
        assertEquals(0, frame.payloadLength());
    }

    @Test
    void shouldReadFromNewPositionWhenRewrapped()
    {
        ClientFrameFlyweight.writeHeader(buffer, 0, FrameType.HELLO, ClientFrameFlyweight.FLAG_JSON, 3);
        ClientFrameFlyweight.writeHeader(buffer, 20, FrameType.HEARTBEAT, 0, 0);

        assertEquals(FrameType.HELLO, frame.wrap(buffer, 0).type());
        assertEquals(10, frame.frameLength());
        assertEquals(FrameType.HEARTBEAT, frame.wrap(buffer, 20).type());
        assertEquals(7, frame.frameLength());
        assertEquals(0, frame.flags());
    }
}
