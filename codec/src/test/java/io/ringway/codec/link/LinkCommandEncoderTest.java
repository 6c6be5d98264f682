package io.ringway.codec.link;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkCommandEncoderTest
{
    private static final int OFFSET = 5;
    private static final byte GUARD = (byte)0xC3;

    private final byte[] bytes = new byte[512];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private final UnsafeBuffer source = new UnsafeBuffer("xx\"7\"lobby{\"a\":1}".getBytes(StandardCharsets.US_ASCII));

    @Test
    void shouldDeclareFieldsPerTypeWhenAsked()
    {
        assertFalse(LinkCommandEncoder.hasCorrId(LinkType.SESSION_OPEN));
        assertTrue(LinkCommandEncoder.hasName(LinkType.SESSION_OPEN));
        assertFalse(LinkCommandEncoder.hasData(LinkType.SESSION_OPEN));

        for (final int type : new int[] { LinkType.SESSION_CLOSE, LinkType.GATEWAY_RESET })
        {
            assertFalse(LinkCommandEncoder.hasCorrId(type));
            assertFalse(LinkCommandEncoder.hasName(type));
            assertFalse(LinkCommandEncoder.hasData(type));
        }
        for (final int type : new int[] { LinkType.JOIN, LinkType.LEAVE })
        {
            assertTrue(LinkCommandEncoder.hasCorrId(type));
            assertTrue(LinkCommandEncoder.hasName(type));
            assertFalse(LinkCommandEncoder.hasData(type));
        }
        for (final int type : new int[] { LinkType.PUBLISH, LinkType.DIRECT })
        {
            assertTrue(LinkCommandEncoder.hasCorrId(type));
            assertTrue(LinkCommandEncoder.hasName(type));
            assertTrue(LinkCommandEncoder.hasData(type));
        }
    }

    @Test
    void shouldComputeLengthFromLayoutWhenAsked()
    {
        assertEquals(16 + 2 + 5, LinkCommandEncoder.encodedLength(LinkType.SESSION_OPEN, 9, 5, 9));
        assertEquals(16, LinkCommandEncoder.encodedLength(LinkType.SESSION_CLOSE, 9, 9, 9));
        assertEquals(16 + 1 + 3 + 2 + 5, LinkCommandEncoder.encodedLength(LinkType.JOIN, 3, 5, 9));
        assertEquals(16 + 1 + 3 + 2 + 5, LinkCommandEncoder.encodedLength(LinkType.LEAVE, 3, 5, 9));
        assertEquals(16 + 1 + 3 + 2 + 5 + 4 + 7, LinkCommandEncoder.encodedLength(LinkType.PUBLISH, 3, 5, 7));
        assertEquals(16 + 1 + 3 + 2 + 5 + 4 + 7, LinkCommandEncoder.encodedLength(LinkType.DIRECT, 3, 5, 7));
        assertEquals(16, LinkCommandEncoder.encodedLength(LinkType.GATEWAY_RESET, 9, 9, 9));
    }

    @ParameterizedTest
    @ValueSource(ints = { LinkType.SESSION_OPEN, LinkType.SESSION_CLOSE, LinkType.JOIN, LinkType.LEAVE,
        LinkType.PUBLISH, LinkType.DIRECT, LinkType.GATEWAY_RESET })
    void shouldWriteExactlyEncodedLengthWhenEncoding(final int type)
    {
        Arrays.fill(bytes, GUARD);

        final int length = LinkCommandEncoder.encode(buffer, OFFSET, type, 1, 42, source, 2, 3, source, 5, 5, source, 10, 7);

        assertEquals(LinkCommandEncoder.encodedLength(type, 3, 5, 7), length);
        assertEquals(length, LinkHeader.frameLength(buffer, OFFSET));
        assertEquals(type, LinkHeader.type(buffer, OFFSET));
        for (int i = 0; i < OFFSET; i++)
        {
            assertEquals(GUARD, bytes[i], "before the frame at " + i);
        }
        for (int i = OFFSET + length; i < bytes.length; i++)
        {
            assertEquals(GUARD, bytes[i], "after the frame at " + i);
        }
    }

    @Test
    void shouldWriteEmptyBodyWhenEncodeEmptyIsUsed()
    {
        Arrays.fill(bytes, GUARD);

        final int length = LinkCommandEncoder.encodeEmpty(buffer, OFFSET, LinkType.GATEWAY_RESET, 9, 0);

        assertEquals(LinkHeader.LENGTH, length);
        assertEquals(LinkHeader.LENGTH, LinkHeader.frameLength(buffer, OFFSET));
        assertEquals(LinkType.GATEWAY_RESET, LinkHeader.type(buffer, OFFSET));
        assertEquals(9, LinkHeader.gatewayId(buffer, OFFSET));
        assertEquals(0, LinkHeader.sessionId(buffer, OFFSET));
        assertEquals(GUARD, bytes[OFFSET + length]);
    }

    @Test
    void shouldWriteFieldsInDocumentedOrderWhenPublishIsEncoded()
    {
        final int length = LinkCommandEncoder.encode(
            buffer, OFFSET, LinkType.PUBLISH, 1, 42, source, 2, 3, source, 5, 5, source, 10, 7);

        int p = OFFSET + LinkHeader.LENGTH;
        assertEquals(3, buffer.getByte(p));
        assertEquals("\"7\"", buffer.getStringWithoutLengthAscii(p + 1, 3));
        p += 1 + 3;
        assertEquals(5, buffer.getShort(p, LITTLE_ENDIAN));
        assertEquals("lobby", buffer.getStringWithoutLengthAscii(p + 2, 5));
        p += 2 + 5;
        assertEquals(7, buffer.getInt(p, LITTLE_ENDIAN));
        assertEquals("{\"a\":1}", buffer.getStringWithoutLengthAscii(p + 4, 7));
        p += 4 + 7;
        assertEquals(OFFSET + length, p);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0x00, 0x0A, 0x3F, LinkType.ACK, LinkType.ERROR, LinkType.ROOM_MESSAGE, LinkType.DIRECT_MESSAGE,
        LinkType.ROOM_PRESENCE, LinkType.ROOM_TYPING, LinkType.PRESENCE_REPLY })
    void shouldThrowWhenTypeIsNotACommand(final int type)
    {
        assertThrows(IllegalArgumentException.class, () -> LinkCommandEncoder.encodeEmpty(buffer, 0, type, 1, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, LinkCommandEncoder.MAX_CORR_ID_LENGTH + 1 })
    void shouldThrowWhenCorrIdLengthDoesNotFitItsPrefix(final int corrIdLength)
    {
        final UnsafeBuffer big = new UnsafeBuffer(new byte[1024]);
        assertThrows(IllegalArgumentException.class, () -> LinkCommandEncoder.encode(
            buffer, 0, LinkType.JOIN, 1, 1, big, 0, corrIdLength, source, 5, 5, null, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, LinkCommandEncoder.MAX_NAME_LENGTH + 1 })
    void shouldThrowWhenNameLengthDoesNotFitItsPrefix(final int nameLength)
    {
        final UnsafeBuffer big = new UnsafeBuffer(new byte[LinkCommandEncoder.MAX_NAME_LENGTH + 2]);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[LinkCommandEncoder.MAX_NAME_LENGTH + 64]);
        assertThrows(IllegalArgumentException.class, () -> LinkCommandEncoder.encode(
            out, 0, LinkType.SESSION_OPEN, 1, 1, null, 0, 0, big, 0, nameLength, null, 0, 0));
    }

    @Test
    void shouldIgnoreFieldsWhenTypeDoesNotCarryThem()
    {
        final int length = LinkCommandEncoder.encode(
            buffer, OFFSET, LinkType.SESSION_OPEN, 1, 42, source, 2, 3, source, 5, 5, source, 10, 7);

        assertEquals(LinkHeader.LENGTH + 2 + 5, length);
        assertEquals(5, buffer.getShort(OFFSET + LinkHeader.LENGTH, LITTLE_ENDIAN));
        assertEquals("lobby", buffer.getStringWithoutLengthAscii(OFFSET + LinkHeader.LENGTH + 2, 5));
    }
}
