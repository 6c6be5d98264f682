package io.ringway.codec.link;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkCommandDecoderTest
{
    private static final int OFFSET = 13;

    private final LinkCommandDecoder decoder = new LinkCommandDecoder();

    /** A command and the field values it carries; null for fields its type does not have. */
    record Command(int type, int gatewayId, long sessionId, String corrId, String name, String data)
    {
        @Override
        public String toString()
        {
            return LinkType.name(type);
        }
    }

    static List<Command> commands()
    {
        return List.of(
            new Command(LinkType.SESSION_OPEN, 1, 42, null, "alice", null),
            new Command(LinkType.SESSION_CLOSE, 2, 43, null, null, null),
            new Command(LinkType.JOIN, 3, 44, "\"1\"", "lobby", null),
            new Command(LinkType.LEAVE, 0xFFFF, Long.MAX_VALUE, "", "lobby", null),
            new Command(LinkType.PUBLISH, 1, 42, "17", "lobby", "{\"text\": \"hé \\\"x\\\" 😀\"}"),
            new Command(LinkType.DIRECT, 1, 42, "\"d-9\"", "bob", "[1, 2, 3]"),
            new Command(LinkType.GATEWAY_RESET, 7, 0, null, null, null),
            new Command(LinkType.TYPING, 2, 45, "\"t\"", "lobby", null),
            new Command(LinkType.PRESENCE_QUERY, 3, 46, "7", "lobby", null));
    }

    static List<Command> commandsWithBody()
    {
        return commands().stream().filter(c -> LinkCommandEncoder.hasName(c.type())).toList();
    }

    /** Encodes at {@code offset} into an exactly sized buffer, field sources at non-zero offsets too. */
    static UnsafeBuffer encode(final Command command, final int offset)
    {
        final byte[] corrId = bytes(command.corrId());
        final byte[] name = bytes(command.name());
        final byte[] data = bytes(command.data());
        final UnsafeBuffer source = new UnsafeBuffer(new byte[5 + corrId.length + 5 + name.length + 5 + data.length]);
        source.putBytes(5, corrId);
        source.putBytes(10 + corrId.length, name);
        source.putBytes(15 + corrId.length + name.length, data);

        final int length = LinkCommandEncoder.encodedLength(command.type(), corrId.length, name.length, data.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + length]);
        if (command.type() == LinkType.TYPING)
        {
            final int written = LinkCommandEncoder.encodeTyping(buffer, offset, command.gatewayId(), command.sessionId(),
                source, 5, corrId.length, source, 10 + corrId.length, name.length, LinkCommandEncoder.TYPING_START);
            assertEquals(length, written);
            return buffer;
        }
        final int written = LinkCommandEncoder.encode(
            buffer, offset, command.type(), command.gatewayId(), command.sessionId(),
            source, 5, corrId.length,
            source, 10 + corrId.length, name.length,
            source, 15 + corrId.length + name.length, data.length);
        assertEquals(length, written);
        return buffer;
    }

    private static byte[] bytes(final String s)
    {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(final UnsafeBuffer frame)
    {
        return frame.capacity() - OFFSET;
    }

    private static UnsafeBuffer copy(final DirectBuffer src, final int srcOffset, final int length, final int dstOffset)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[dstOffset + length]);
        copy.putBytes(dstOffset, src, srcOffset, length);
        return copy;
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldRoundTripWhenCommandIsEncodedAtOffset(final Command command)
    {
        final UnsafeBuffer frame = encode(command, OFFSET);

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));

        assertSame(frame, decoder.buffer());
        assertEquals(length(frame), decoder.frameLength());
        assertEquals(command.type(), decoder.type());
        assertEquals(command.gatewayId(), decoder.gatewayId());
        assertEquals(command.sessionId(), decoder.sessionId());
        assertEquals(command.corrId() == null ? "" : command.corrId(), decoder.corrId());
        assertEquals(command.name() == null ? "" : command.name(), decoder.name());
        assertEquals(command.data() == null ? 0 : bytes(command.data()).length, decoder.dataLength());
        if (command.data() != null)
        {
            assertEquals(command.data(), decoder.data());
        }
        if (command.corrId() != null)
        {
            assertEquals(bytes(command.corrId()).length, decoder.corrIdLength());
        }
        assertEquals(bytes(command.name()).length, decoder.nameLength());
        assertEquals(command.type() == LinkType.TYPING ? LinkCommandEncoder.TYPING_START : 0, decoder.state());
    }

    @Test
    void shouldDecodeStateWhenTypingStops()
    {
        final UnsafeBuffer room = new UnsafeBuffer("lobby".getBytes(StandardCharsets.US_ASCII));
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[OFFSET + LinkCommandEncoder.encodedLength(LinkType.TYPING, 0, 5, 0)]);
        final int length = LinkCommandEncoder.encodeTyping(frame, OFFSET, 1, 42, null, 0, 0, room, 0, 5, LinkCommandEncoder.TYPING_STOP);

        assertEquals(length(frame), length);
        assertTrue(decoder.wrap(frame, OFFSET, length));
        assertEquals(LinkType.TYPING, decoder.type());
        assertEquals("lobby", decoder.name());
        assertEquals(LinkCommandEncoder.TYPING_STOP, decoder.state());
        assertEquals(OFFSET + length - 1, decoder.nameOffset() + decoder.nameLength(), "the state byte is last");
    }

    @ParameterizedTest
    @ValueSource(ints = { 2, 3, 0x7F, 0xFF })
    void shouldRejectWhenTypingStateIsUnknown(final int state)
    {
        final UnsafeBuffer frame = encode(commands().get(7), OFFSET);
        frame.putByte(OFFSET + length(frame) - 1, (byte)state);

        assertFalse(decoder.wrap(frame, OFFSET, length(frame)));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldPlaceFieldsInsideFrameWhenDecoded(final Command command)
    {
        final UnsafeBuffer frame = encode(command, OFFSET);
        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));

        final int end = OFFSET + length(frame);
        assertFieldInside(decoder.corrIdOffset(), decoder.corrIdLength(), end);
        assertFieldInside(decoder.nameOffset(), decoder.nameLength(), end);
        assertFieldInside(decoder.dataOffset(), decoder.dataLength(), end);
        if (decoder.dataLength() > 0)
        {
            assertEquals(end, decoder.dataOffset() + decoder.dataLength(), "data is the last field");
        }
    }

    private static void assertFieldInside(final int offset, final int length, final int end)
    {
        if (length > 0)
        {
            assertTrue(offset >= OFFSET + LinkHeader.LENGTH && offset + length <= end, offset + "+" + length);
        }
    }

    @Test
    void shouldReadSameValuesWhenAccessorsAreCalledInAnyOrder()
    {
        final Command command = commands().get(4);
        final UnsafeBuffer frame = encode(command, OFFSET);
        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));

        final String data = decoder.data();
        final String name = decoder.name();
        final String corrId = decoder.corrId();
        final long sessionId = decoder.sessionId();
        assertEquals(command.data(), data);
        assertEquals(command.name(), name);
        assertEquals(command.corrId(), corrId);
        assertEquals(command.sessionId(), sessionId);
        assertEquals(command.corrId(), decoder.corrId());
        assertEquals(command.data(), decoder.data());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldRejectWhenFrameIsTruncatedAtAnyLength(final Command command)
    {
        final UnsafeBuffer frame = encode(command, OFFSET);
        final int length = length(frame);
        for (int prefix = 0; prefix < length; prefix++)
        {
            // Exactly sized copy: reading past the prefix would throw IndexOutOfBoundsException.
            final UnsafeBuffer truncated = copy(frame, OFFSET, prefix, OFFSET);
            assertFalse(decoder.wrap(truncated, OFFSET, prefix), "prefix " + prefix);

            if (prefix >= LinkHeader.LENGTH)
            {
                // Even when the length field agrees with the truncated length, the body must not fit.
                truncated.putInt(OFFSET + LinkHeader.FRAME_LENGTH_OFFSET, prefix, LITTLE_ENDIAN);
                assertFalse(decoder.wrap(truncated, OFFSET, prefix), "prefix with matching length field " + prefix);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldRejectWhenFrameLengthFieldDisagreesWithLength(final Command command)
    {
        final UnsafeBuffer frame = encode(command, OFFSET);
        final int length = length(frame);
        for (final int wrongLength : new int[] { length - 1, length + 1, 0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE })
        {
            frame.putInt(OFFSET + LinkHeader.FRAME_LENGTH_OFFSET, wrongLength, LITTLE_ENDIAN);
            assertFalse(decoder.wrap(frame, OFFSET, length), "frame length " + wrongLength);
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldRejectWhenVersionIsWrong(final Command command)
    {
        final UnsafeBuffer frame = encode(command, OFFSET);
        for (final int version : new int[] { 0, 2, 0x7F, 0xFF })
        {
            frame.putByte(OFFSET + LinkHeader.VERSION_OFFSET, (byte)version);
            assertFalse(decoder.wrap(frame, OFFSET, length(frame)), "version " + version);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { LinkType.ACK, LinkType.ERROR, LinkType.ROOM_MESSAGE, LinkType.DIRECT_MESSAGE,
        LinkType.ROOM_PRESENCE, LinkType.ROOM_TYPING, LinkType.PRESENCE_REPLY })
    void shouldRejectWhenTypeIsAnEvent(final int eventType)
    {
        final UnsafeBuffer frame = encode(commands().get(2), OFFSET);
        frame.putByte(OFFSET + LinkHeader.TYPE_OFFSET, (byte)eventType);

        assertFalse(decoder.wrap(frame, OFFSET, length(frame)));
    }

    @Test
    void shouldRejectWhenFrameIsAnEncodedEvent()
    {
        final UnsafeBuffer corrId = new UnsafeBuffer("\"3\"".getBytes(StandardCharsets.US_ASCII));
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[OFFSET + LinkEventEncoder.ackLength(3)]);
        final int length = LinkEventEncoder.ack(frame, OFFSET, 1, 42, 17, corrId, 0, 3);

        assertFalse(decoder.wrap(frame, OFFSET, length));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0x00, 0x0A, 0x3F, 0x40, 0x48, 0xFF })
    void shouldRejectWhenTypeIsUndefined(final int type)
    {
        final UnsafeBuffer frame = encode(commands().get(1), OFFSET);
        frame.putByte(OFFSET + LinkHeader.TYPE_OFFSET, (byte)type);

        assertFalse(decoder.wrap(frame, OFFSET, length(frame)));
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, -13, Integer.MIN_VALUE })
    void shouldRejectWhenDataLengthIsNegative(final int dataLength)
    {
        for (final int index : new int[] { 4, 5 })
        {
            final UnsafeBuffer frame = encode(commands().get(index), OFFSET);
            final int end = OFFSET + length(frame);
            final int dataLengthPosition = end - bytes(commands().get(index).data()).length - 4;
            assertEquals(bytes(commands().get(index).data()).length, frame.getInt(dataLengthPosition, LITTLE_ENDIAN));
            frame.putInt(dataLengthPosition, dataLength, LITTLE_ENDIAN);

            assertFalse(decoder.wrap(frame, OFFSET, length(frame)), LinkType.name(commands().get(index).type()));
        }
    }

    @Test
    void shouldRejectWhenDataLengthOverrunsFrame()
    {
        final Command command = commands().get(4);
        final UnsafeBuffer frame = encode(command, OFFSET);
        final int dataLength = bytes(command.data()).length;
        final int dataLengthPosition = OFFSET + length(frame) - dataLength - 4;
        for (final int wrong : new int[] { dataLength + 1, dataLength - 1, Integer.MAX_VALUE })
        {
            frame.putInt(dataLengthPosition, wrong, LITTLE_ENDIAN);
            assertFalse(decoder.wrap(frame, OFFSET, length(frame)), "data length " + wrong);
        }
    }

    @Test
    void shouldRejectWhenCorrIdOrNameLengthOverrunsFrame()
    {
        final Command command = commands().get(2);
        final UnsafeBuffer frame = encode(command, OFFSET);
        final int corrIdLengthPosition = OFFSET + LinkHeader.LENGTH;
        frame.putByte(corrIdLengthPosition, (byte)0xFF);
        assertFalse(decoder.wrap(frame, OFFSET, length(frame)), "corrId length 255");

        final UnsafeBuffer frame2 = encode(command, OFFSET);
        final int nameLengthPosition = corrIdLengthPosition + 1 + bytes(command.corrId()).length;
        assertEquals(5, frame2.getShort(nameLengthPosition, LITTLE_ENDIAN));
        frame2.putShort(nameLengthPosition, (short)6, LITTLE_ENDIAN);
        assertFalse(decoder.wrap(frame2, OFFSET, length(frame2)), "name length 6");
        frame2.putShort(nameLengthPosition, (short)0xFFFF, LITTLE_ENDIAN);
        assertFalse(decoder.wrap(frame2, OFFSET, length(frame2)), "name length 65535");
        frame2.putShort(nameLengthPosition, (short)4, LITTLE_ENDIAN);
        assertFalse(decoder.wrap(frame2, OFFSET, length(frame2)), "name length 4 leaves a trailing byte");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldRejectWhenFrameHasTrailingBytes(final Command command)
    {
        final UnsafeBuffer frame = encode(command, OFFSET);
        final int length = length(frame);
        final UnsafeBuffer longer = new UnsafeBuffer(new byte[OFFSET + length + 1]);
        longer.putBytes(OFFSET, frame, OFFSET, length);

        // Length argument beyond the frame.
        assertFalse(decoder.wrap(longer, OFFSET, length + 1));

        // Length field and argument agree, but the body ends one byte early.
        longer.putInt(OFFSET + LinkHeader.FRAME_LENGTH_OFFSET, length + 1, LITTLE_ENDIAN);
        assertFalse(decoder.wrap(longer, OFFSET, length + 1));

        // The exact frame inside the larger buffer still decodes.
        longer.putInt(OFFSET + LinkHeader.FRAME_LENGTH_OFFSET, length, LITTLE_ENDIAN);
        assertTrue(decoder.wrap(longer, OFFSET, length));
    }

    @ParameterizedTest
    @MethodSource("commandsWithBody")
    void shouldDecodeWhenFieldsAreEmpty(final Command command)
    {
        final Command empty = new Command(
            command.type(), command.gatewayId(), command.sessionId(),
            command.corrId() == null ? null : "", "", command.data() == null ? null : "");
        final UnsafeBuffer frame = encode(empty, OFFSET);

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));
        assertEquals(0, decoder.corrIdLength());
        assertEquals(0, decoder.nameLength());
        assertEquals(0, decoder.dataLength());
        assertEquals("", decoder.name());
    }

    @Test
    void shouldDecodeWhenFieldsHaveMaximumLength()
    {
        final String corrId = "c".repeat(LinkCommandEncoder.MAX_CORR_ID_LENGTH);
        final String name = "n".repeat(LinkCommandEncoder.MAX_NAME_LENGTH);
        final Command command = new Command(LinkType.DIRECT, 1, 2, corrId, name, "\"x\"");
        final UnsafeBuffer frame = encode(command, OFFSET);

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));
        assertEquals(corrId, decoder.corrId());
        assertEquals(name, decoder.name());
        assertEquals("\"x\"", decoder.data());
    }

    @Test
    void shouldResetFieldsWhenReusedAfterInvalidFrame()
    {
        final UnsafeBuffer publish = encode(commands().get(4), OFFSET);
        assertTrue(decoder.wrap(publish, OFFSET, length(publish)));
        assertTrue(decoder.dataLength() > 0);

        final UnsafeBuffer broken = encode(commands().get(4), OFFSET);
        broken.putByte(OFFSET + LinkHeader.VERSION_OFFSET, (byte)9);
        assertFalse(decoder.wrap(broken, OFFSET, length(broken)));
        assertEquals(0, decoder.corrIdLength());
        assertEquals(0, decoder.nameLength());
        assertEquals(0, decoder.dataLength());

        final UnsafeBuffer close = encode(commands().get(1), 0);
        assertTrue(decoder.wrap(close, 0, close.capacity()));
        assertEquals(LinkType.SESSION_CLOSE, decoder.type());
        assertEquals(43, decoder.sessionId());
        assertEquals(0, decoder.corrIdLength());
        assertEquals(0, decoder.nameLength());
        assertEquals(0, decoder.dataLength());

        final UnsafeBuffer join = encode(commands().get(2), 3);
        assertTrue(decoder.wrap(join, 3, join.capacity() - 3));
        assertEquals("lobby", decoder.name());
        assertEquals("\"1\"", decoder.corrId());
        assertEquals(0, decoder.dataLength());
    }

    @Test
    void shouldLeaveBytesOutsideFrameUntouchedWhenDecoding()
    {
        final UnsafeBuffer frame = encode(commands().get(4), OFFSET);
        final byte[] before = Arrays.copyOf(frame.byteArray(), frame.capacity());

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));
        decoder.name();
        decoder.data();

        assertEquals(Arrays.toString(before), Arrays.toString(frame.byteArray()));
    }
}
