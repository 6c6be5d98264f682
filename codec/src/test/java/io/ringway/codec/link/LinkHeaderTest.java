package io.ringway.codec.link;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LinkHeaderTest
{
    private static final byte GUARD = (byte)0x5A;

    @Test
    void shouldMatchDocumentedLayoutWhenConstantsAreRead()
    {
        assertEquals(0, LinkHeader.FRAME_LENGTH_OFFSET);
        assertEquals(4, LinkHeader.VERSION_OFFSET);
        assertEquals(5, LinkHeader.TYPE_OFFSET);
        assertEquals(6, LinkHeader.GATEWAY_ID_OFFSET);
        assertEquals(8, LinkHeader.SESSION_ID_OFFSET);
        assertEquals(16, LinkHeader.LENGTH);
        assertEquals(0, LinkHeader.SESSION_ID_OFFSET % 8, "session id is 8-byte aligned in an aligned frame");
        assertEquals(1, LinkHeader.VERSION);
    }

    @Test
    void shouldReadBackFieldsWhenWrittenAtOffset()
    {
        final byte[] bytes = new byte[40];
        Arrays.fill(bytes, GUARD);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);

        LinkHeader.write(buffer, 9, 123_456, LinkType.PUBLISH, 0xFFFF, Long.MAX_VALUE - 1);

        assertEquals(123_456, LinkHeader.frameLength(buffer, 9));
        assertEquals(LinkHeader.VERSION, LinkHeader.version(buffer, 9));
        assertEquals(LinkType.PUBLISH, LinkHeader.type(buffer, 9));
        assertEquals(0xFFFF, LinkHeader.gatewayId(buffer, 9), "gateway id is unsigned");
        assertEquals(Long.MAX_VALUE - 1, LinkHeader.sessionId(buffer, 9));
        for (int i = 0; i < 9; i++)
        {
            assertEquals(GUARD, bytes[i]);
        }
        for (int i = 9 + LinkHeader.LENGTH; i < bytes.length; i++)
        {
            assertEquals(GUARD, bytes[i]);
        }
    }

    @Test
    void shouldWriteLittleEndianWhenHeaderIsWritten()
    {
        final byte[] bytes = new byte[LinkHeader.LENGTH];
        LinkHeader.write(new UnsafeBuffer(bytes), 0, 0x04030201, 0x43, 0x0605, 0x0E0D0C0B0A090807L);

        final byte[] expected = {
            0x01, 0x02, 0x03, 0x04, 0x01, 0x43, 0x05, 0x06,
            0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E };
        assertEquals(Arrays.toString(expected), Arrays.toString(bytes));
    }

    @Test
    void shouldReadTypeAsUnsignedWhenHighBitIsSet()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[LinkHeader.LENGTH]);
        LinkHeader.write(buffer, 0, LinkHeader.LENGTH, 0xF0, 0, 0);
        buffer.putByte(LinkHeader.VERSION_OFFSET, (byte)0x81);

        assertEquals(0xF0, LinkHeader.type(buffer, 0));
        assertEquals(0x81, LinkHeader.version(buffer, 0));
    }
}
