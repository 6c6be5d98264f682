package io.ringway.codec.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ringway.codec.ErrorCode;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerMessageWriterTest
{
    private static final int OFFSET = 6;
    private static final byte GUARD = (byte)'#';

    /** Names with every character class the writer must escape, plus non-ASCII that passes through. */
    private static final String NASTY = "a\"b\\c/\n\r\t\u0000\u0001\u001f\u007f é😀";
    private static final String NASTY_ESCAPED = "\"a\\\"b\\\\c/\\u000a\\u000d\\u0009\\u0000\\u0001\\u001f\u007f é😀\"";

    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(16);

    private static UnsafeBuffer buffer(final String s)
    {
        // Source bytes at offset 2 of their buffer.
        final byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 4]);
        buffer.putBytes(2, bytes);
        return buffer;
    }

    private static int len(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @BeforeEach
    void fillGuard()
    {
        for (int i = 0; i < OFFSET; i++)
        {
            out.putByte(i, GUARD);
        }
    }

    private String written(final int length)
    {
        for (int i = 0; i < OFFSET; i++)
        {
            assertEquals(GUARD, out.getByte(i), "byte before offset overwritten at " + i);
        }
        final byte[] bytes = new byte[length];
        out.getBytes(OFFSET, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Walks every token with jackson; returns the text of every scalar value, in order. */
    private static List<String> parseAll(final String json) throws IOException
    {
        final List<String> values = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(json.getBytes(StandardCharsets.UTF_8)))
        {
            JsonToken token;
            int depth = 0;
            int roots = 0;
            while ((token = parser.nextToken()) != null)
            {
                if (depth == 0)
                {
                    roots++;
                }
                if (token.isStructStart())
                {
                    depth++;
                }
                else if (token.isStructEnd())
                {
                    depth--;
                }
                else if (token.isScalarValue())
                {
                    values.add(parser.getText());
                }
            }
            assertEquals(0, depth);
            assertEquals(1, roots, "exactly one JSON value");
        }
        return values;
    }

    @Test
    void shouldWriteDocumentedJsonWhenRoomMessage() throws IOException
    {
        final String data = "{\"text\": \"hi é\", \"n\":[1,2]}";

        final int length = ServerMessageWriter.roomMessage(
            out, OFFSET, buffer("lobby"), 2, 5, buffer("alice"), 2, 5, 17, 1_700_000_000_000L, buffer(data), 2, len(data));

        final String json = written(length);
        assertEquals(
            "{\"type\":\"message\",\"room\":\"lobby\",\"from\":\"alice\",\"seq\":17,\"ts\":1700000000000," +
            "\"data\":{\"text\": \"hi é\", \"n\":[1,2]}}", json);
        assertEquals(len(json), length);
        parseAll(json);
    }

    @Test
    void shouldWriteDocumentedJsonWhenDirectMessage() throws IOException
    {
        final String data = "\"psst\"";

        final int length = ServerMessageWriter.directMessage(
            out, OFFSET, buffer("alice"), 2, 5, buffer("bob"), 2, 3, 1_700_000_000_001L, buffer(data), 2, len(data));

        final String json = written(length);
        assertEquals("{\"type\":\"message\",\"from\":\"alice\",\"to\":\"bob\",\"ts\":1700000000001,\"data\":\"psst\"}", json);
        parseAll(json);
    }

    @Test
    void shouldWriteDocumentedJsonWhenRoomPresenceChanges() throws IOException
    {
        final String[] expected = {
            "{\"type\":\"presence\",\"room\":\"lobby\",\"user\":\"alice\",\"status\":\"online\",\"ts\":1700000000000}",
            "{\"type\":\"presence\",\"room\":\"lobby\",\"user\":\"alice\",\"status\":\"offline\",\"ts\":1700000000000}",
            "{\"type\":\"join\",\"room\":\"lobby\",\"user\":\"alice\",\"ts\":1700000000000}",
            "{\"type\":\"leave\",\"room\":\"lobby\",\"user\":\"alice\",\"ts\":1700000000000}",
        };
        final int[] kinds = {
            ServerMessageWriter.PRESENCE_ONLINE, ServerMessageWriter.PRESENCE_OFFLINE,
            ServerMessageWriter.PRESENCE_JOIN, ServerMessageWriter.PRESENCE_LEAVE };
        for (int i = 0; i < kinds.length; i++)
        {
            final int length = ServerMessageWriter.roomPresence(
                out, OFFSET, buffer("lobby"), 2, 5, buffer("alice"), 2, 5, kinds[i], 1_700_000_000_000L);
            final String json = written(length);
            assertEquals(expected[i], json);
            parseAll(json);
        }
    }

    @Test
    void shouldEscapeNamesWhenRoomPresenceHasNastyNames() throws IOException
    {
        final int length = ServerMessageWriter.roomPresence(
            out, OFFSET, buffer(NASTY), 2, len(NASTY), buffer(NASTY), 2, len(NASTY), ServerMessageWriter.PRESENCE_JOIN, 5);

        final String json = written(length);
        assertEquals("{\"type\":\"join\",\"room\":" + NASTY_ESCAPED + ",\"user\":" + NASTY_ESCAPED + ",\"ts\":5}", json);
        assertEquals(List.of("join", NASTY, NASTY, "5"), parseAll(json));
    }

    @Test
    void shouldWriteExpiryOnlyWhenTypingStarts() throws IOException
    {
        int length = ServerMessageWriter.typing(
            out, OFFSET, buffer("lobby"), 2, 5, buffer("alice"), 2, 5, true, 5000, 1_700_000_000_000L);
        String json = written(length);
        assertEquals("{\"type\":\"typing\",\"room\":\"lobby\",\"user\":\"alice\",\"state\":\"start\"," +
            "\"expires_in_ms\":5000,\"ts\":1700000000000}", json);
        parseAll(json);

        length = ServerMessageWriter.typing(
            out, OFFSET, buffer("lobby"), 2, 5, buffer("alice"), 2, 5, false, 5000, 1_700_000_000_001L);
        json = written(length);
        assertEquals("{\"type\":\"typing\",\"room\":\"lobby\",\"user\":\"alice\",\"state\":\"stop\",\"ts\":1700000000001}", json);
        parseAll(json);
    }

    @Test
    void shouldWriteMembersInGivenOrderWhenPresenceReply() throws IOException
    {
        int p = ServerMessageWriter.presenceReplyStart(out, OFFSET, buffer("lobby"), 2, 5, buffer("\"7\""), 2, 3);
        p = ServerMessageWriter.presenceMember(out, p, true, buffer("bob"), 2, 3, 1);
        p = ServerMessageWriter.presenceMember(out, p, false, buffer(NASTY), 2, len(NASTY), 0);
        p = ServerMessageWriter.presenceMember(out, p, false, buffer("alice"), 2, 5, 2);
        final int length = ServerMessageWriter.presenceReplyEnd(out, OFFSET, p, 0);

        final String json = written(length);
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"id\":\"7\",\"members\":[" +
            "{\"user\":\"bob\",\"connections\":1},{\"user\":" + NASTY_ESCAPED + ",\"connections\":0}," +
            "{\"user\":\"alice\",\"connections\":2}]}", json);
        assertEquals(List.of("presence", "lobby", "7", "bob", "1", NASTY, "0", "alice", "2"), parseAll(json));
    }

    @Test
    void shouldCountTheMembersLeftOutWhenAPresenceReplyWasCutShort() throws IOException
    {
        int p = ServerMessageWriter.presenceReplyStart(out, OFFSET, buffer("lobby"), 2, 5, null, 0, 0);
        p = ServerMessageWriter.presenceMember(out, p, true, buffer("bob"), 2, 3, 1);
        final int length = ServerMessageWriter.presenceReplyEnd(out, OFFSET, p, 4_321);

        final String json = written(length);
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"members\":[{\"user\":\"bob\",\"connections\":1}],\"omitted\":4321}", json);
        assertEquals(List.of("presence", "lobby", "bob", "1", "4321"), parseAll(json));
    }

    @Test
    void shouldWriteEmptyMembersWithoutIdWhenPresenceReplyHasNeither() throws IOException
    {
        final int p = ServerMessageWriter.presenceReplyStart(out, OFFSET, buffer("lobby"), 2, 5, null, 0, 0);
        final int length = ServerMessageWriter.presenceReplyEnd(out, OFFSET, p, 0);

        final String json = written(length);
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"members\":[]}", json);
        parseAll(json);
    }

    @Test
    void shouldWriteIdAndSeqWhenAckHasBoth() throws IOException
    {

        final int length = ServerMessageWriter.ack(out, OFFSET, buffer("\"3\""), 2, 3, 17);

        final String json = written(length);
        assertEquals("{\"type\":\"ack\",\"id\":\"3\",\"seq\":17}", json);
        parseAll(json);
    }

    @Test
    void shouldPassIntegerIdThroughWhenAckHasNumericId()
    {
        final int length = ServerMessageWriter.ack(out, OFFSET, buffer("42"), 2, 2, 0);

        assertEquals("{\"type\":\"ack\",\"id\":42,\"seq\":0}", written(length));
    }

    @Test
    void shouldOmitIdWhenAckIdIsEmpty()
    {
        final int length = ServerMessageWriter.ack(out, OFFSET, null, 0, 0, 17);

        assertEquals("{\"type\":\"ack\",\"seq\":17}", written(length));
    }

    @Test
    void shouldOmitSeqWhenAckSeqIsNegative()
    {
        final int length = ServerMessageWriter.ack(out, OFFSET, buffer("\"3\""), 2, 3, -1);

        assertEquals("{\"type\":\"ack\",\"id\":\"3\"}", written(length));
    }

    @Test
    void shouldWriteOnlyTypeWhenAckHasNeitherIdNorSeq() throws IOException
    {
        final int length = ServerMessageWriter.ack(out, OFFSET, null, 0, 0, Long.MIN_VALUE);

        assertEquals("{\"type\":\"ack\"}", written(length));
        parseAll(written(length));
    }

    @Test
    void shouldWriteDocumentedJsonWhenError() throws IOException
    {

        final int length = ServerMessageWriter.error(out, OFFSET, buffer("\"7\""), 2, 3, ErrorCode.NOT_MEMBER, "join the room first");

        final String json = written(length);
        assertEquals(
            "{\"type\":\"error\",\"id\":\"7\",\"error\":{\"code\":\"not_member\",\"message\":\"join the room first\"}}", json);
        parseAll(json);
    }

    @Test
    void shouldUseDefaultMessageAndOmitIdWhenErrorHasNeither() throws IOException
    {
        for (final ErrorCode code : ErrorCode.values())
        {
            final int length = ServerMessageWriter.error(out, OFFSET, null, 0, 0, code, null);

            final String json = written(length);
            assertEquals("{\"type\":\"error\",\"error\":{\"code\":\"" + code.code() + "\",\"message\":\"" +
                code.defaultMessage() + "\"}}", json);
            assertEquals(List.of("error", code.code(), code.defaultMessage()), parseAll(json));
        }
    }

    @Test
    void shouldEscapeMessageWhenErrorMessageHasSpecialCharacters() throws IOException
    {
        final int length = ServerMessageWriter.error(out, OFFSET, null, 0, 0, ErrorCode.BAD_REQUEST, NASTY);

        final String json = written(length);
        assertEquals("{\"type\":\"error\",\"error\":{\"code\":\"bad_request\",\"message\":" + NASTY_ESCAPED + "}}", json);
        assertEquals(List.of("error", "bad_request", NASTY), parseAll(json));
    }

    @Test
    void shouldWriteSeedShapeWhenErrorFramePayload() throws IOException
    {
        final int length = ServerMessageWriter.errorFramePayload(
            out, OFFSET, buffer("\"7\""), 2, 3, ErrorCode.NOT_MEMBER, "join \"x\" first");

        final String json = written(length);
        assertEquals("{\"code\":\"not_member\",\"message\":\"join \\\"x\\\" first\",\"id\":\"7\"}", json);
        assertEquals(List.of("not_member", "join \"x\" first", "7"), parseAll(json));
    }

    @Test
    void shouldOmitIdAndUseDefaultMessageWhenErrorFramePayloadHasNeither() throws IOException
    {
        final int length = ServerMessageWriter.errorFramePayload(out, OFFSET, null, 0, 0, ErrorCode.TOO_LARGE, null);

        final String json = written(length);
        assertEquals("{\"code\":\"too_large\",\"message\":\"" + ErrorCode.TOO_LARGE.defaultMessage() + "\"}", json);
        parseAll(json);
    }

    @Test
    void shouldWriteDocumentedJsonWhenAuthOk() throws IOException
    {

        final int length = ServerMessageWriter.authOk(out, OFFSET, buffer("alice"), 2, 5);

        final String json = written(length);
        assertEquals("{\"type\":\"auth_ok\",\"data\":{\"user\":\"alice\"}}", json);
        parseAll(json);
    }

    @Test
    void shouldWriteDocumentedJsonWhenPong() throws IOException
    {

        final int length = ServerMessageWriter.pong(out, OFFSET, 1_700_000_000_000L);

        final String json = written(length);
        assertEquals("{\"type\":\"pong\",\"ts\":1700000000000}", json);
        parseAll(json);
    }

    @Test
    void shouldEscapeNamesWhenRoomAndFromHaveSpecialCharacters() throws IOException
    {
        final int length = ServerMessageWriter.roomMessage(
            out, OFFSET, buffer(NASTY), 2, len(NASTY), buffer("x\"y"), 2, 3, 1, 2, buffer("[]"), 2, 2);

        final String json = written(length);
        assertEquals("{\"type\":\"message\",\"room\":" + NASTY_ESCAPED + ",\"from\":\"x\\\"y\",\"seq\":1,\"ts\":2,\"data\":[]}", json);
        assertEquals(List.of("message", NASTY, "x\"y", "1", "2"), parseAll(json));
    }

    @Test
    void shouldEscapeNamesWhenDirectMessageAndAuthOkHaveSpecialCharacters() throws IOException
    {
        int length = ServerMessageWriter.directMessage(
            out, OFFSET, buffer(NASTY), 2, len(NASTY), buffer("\\"), 2, 1, 3, buffer("null"), 2, 4);
        String json = written(length);
        assertEquals("{\"type\":\"message\",\"from\":" + NASTY_ESCAPED + ",\"to\":\"\\\\\",\"ts\":3,\"data\":null}", json);
        assertEquals(List.of("message", NASTY, "\\", "3", "null"), parseAll(json));

        length = ServerMessageWriter.authOk(out, OFFSET, buffer(NASTY), 2, len(NASTY));
        json = written(length);
        assertEquals("{\"type\":\"auth_ok\",\"data\":{\"user\":" + NASTY_ESCAPED + "}}", json);
        assertEquals(List.of("auth_ok", NASTY), parseAll(json));
    }

    @Test
    void shouldEscapeEveryControlCharacterWhenNameHasThem() throws IOException
    {
        final StringBuilder name = new StringBuilder();
        for (char c = 0; c < 0x20; c++)
        {
            name.append(c);
        }
        final int length = ServerMessageWriter.authOk(out, OFFSET, buffer(name.toString()), 2, name.length());

        final String json = written(length);
        for (char c = 0; c < 0x20; c++)
        {
            assertTrue(json.contains(String.format("\\u%04x", (int)c)), "escaped " + (int)c);
        }
        assertEquals(List.of("auth_ok", name.toString()), parseAll(json));
        final String quoted = json.substring(json.indexOf("\"user\":") + 7, json.length() - 2);
        assertTrue(quoted.length() <= ServerMessageWriter.maxStringLength(name.length()), "within maxStringLength");
        assertEquals(ServerMessageWriter.maxStringLength(name.length()), quoted.length(), "control chars are the worst case");
    }

    @Test
    void shouldPassDataThroughUnchangedWhenDataHasEscapesAndUnicode() throws IOException
    {
        final String data = "{\"q\":\"\\\"\\u00e9\\n\",\"e\":\"😀\", \"sp\" : [ ] }";

        final int length = ServerMessageWriter.roomMessage(
            out, OFFSET, buffer("r"), 2, 1, buffer("f"), 2, 1, 1, 2, buffer(data), 2, len(data));

        final String json = written(length);
        assertTrue(json.endsWith(",\"data\":" + data + "}"));
        parseAll(json);
    }

    @Test
    void shouldWriteNegativeTimestampWhenClockIsBeforeEpoch()
    {
        final int length = ServerMessageWriter.pong(out, OFFSET, -5);

        assertEquals("{\"type\":\"pong\",\"ts\":-5}", written(length));
    }

    @Test
    void shouldGrowBufferWhenMessageIsLargerThanCapacity() throws IOException
    {
        final ExpandableArrayBuffer small = new ExpandableArrayBuffer(4);
        final String data = "[" + "1,".repeat(1000) + "1]";

        final int length = ServerMessageWriter.roomMessage(
            small, 0, buffer("lobby"), 2, 5, buffer("alice"), 2, 5, Long.MAX_VALUE, Long.MAX_VALUE, buffer(data), 2, len(data));

        final byte[] bytes = new byte[length];
        small.getBytes(0, bytes);
        final String json = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"seq\":" + Long.MAX_VALUE + ",\"ts\":" + Long.MAX_VALUE));
        parseAll(json);
    }
}
