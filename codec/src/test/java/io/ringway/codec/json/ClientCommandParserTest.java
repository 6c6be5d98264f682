package io.ringway.codec.json;

import io.ringway.codec.ErrorCode;
import io.ringway.codec.frame.FrameType;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientCommandParserTest
{
    /** Junk around the command, itself JSON-ish and with multi-byte UTF-8, to catch offset mistakes. */
    private static final byte[] PREFIX = utf8("{\"type\":\"ping\"} é😀 \"data\":");
    private static final byte[] SUFFIX = utf8("}]\"\\ \"data\":[1]}");

    private final ClientCommandParser parser = new ClientCommandParser();
    private byte[] input;
    private String json;

    private static byte[] utf8(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private ClientCommand parse(final String json)
    {
        return parseBytes(json, utf8(json), -1);
    }

    private ClientCommand parseFrame(final int frameType, final String json)
    {
        return parseBytes(json, utf8(json), frameType);
    }

    private ClientCommand parseBytes(final String json, final byte[] bytes, final int frameType)
    {
        this.json = json;
        input = new byte[PREFIX.length + bytes.length + SUFFIX.length];
        System.arraycopy(PREFIX, 0, input, 0, PREFIX.length);
        System.arraycopy(bytes, 0, input, PREFIX.length, bytes.length);
        System.arraycopy(SUFFIX, 0, input, PREFIX.length + bytes.length, SUFFIX.length);
        return frameType < 0 ?
            parser.parseJson(input, PREFIX.length, bytes.length) :
            parser.parseFramePayload(frameType, input, PREFIX.length, bytes.length);
    }

    private static void assertValid(final ClientCommand command, final ClientCommand.Kind kind)
    {
        assertTrue(command.isValid(), () -> "expected valid, got " + command.error() + ": " + command.errorMessage());
        assertNull(command.error());
        assertNull(command.errorMessage());
        assertEquals(kind, command.kind());
    }

    private static void assertError(final ClientCommand command, final ErrorCode code)
    {
        assertFalse(command.isValid(), "expected " + code);
        assertEquals(code, command.error(), command::errorMessage);
        assertNotNull(command.errorMessage());
    }

    /** The data value is exactly {@code expected}'s bytes, located in the caller's input where the JSON has it. */
    private void assertData(final ClientCommand command, final String expected)
    {
        final DirectBuffer data = command.data();
        assertNotNull(data);
        assertSame(input, data.byteArray(), "data points into the caller's input, not a copy");
        final int index = json.indexOf(expected);
        assertTrue(index >= 0, "test setup: value is in the JSON");
        assertEquals(PREFIX.length + utf8(json.substring(0, index)).length, command.dataOffset());
        final byte[] actual = new byte[command.dataLength()];
        data.getBytes(command.dataOffset(), actual);
        assertEquals(HexFormat.of().formatHex(utf8(expected)), HexFormat.of().formatHex(actual));
        assertEquals(expected, command.dataAsString());
    }

    private static String nameHex(final ClientCommand command)
    {
        final byte[] bytes = new byte[command.nameLength()];
        command.fields().getBytes(command.nameOffset(), bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void assertNoData(final ClientCommand command)
    {
        assertNull(command.data());
        assertEquals(0, command.dataLength());
    }

    // ---- valid JSON commands ----

    @Test
    void shouldParseAuthWhenTokenIsInData()
    {
        final ClientCommand command = parse("{\"type\":\"auth\",\"id\":\"a1\",\"data\":{\"token\":\"eyJ.abc.def\"}}");

        assertValid(command, ClientCommand.Kind.AUTH);
        assertEquals("eyJ.abc.def", command.name());
        assertTrue(command.nameIsToken());
        assertEquals("\"a1\"", command.corrId());
    }

    @Test
    void shouldParseAuthWhenTokenIsTopLevel()
    {
        final ClientCommand command = parse("{\"type\":\"auth\",\"token\":\"t0k\"}");

        assertValid(command, ClientCommand.Kind.AUTH);
        assertEquals("t0k", command.name());
        assertTrue(command.nameIsToken());
        assertEquals(0, command.corrIdLength());
    }

    @Test
    void shouldRejectAuthWhenTokenIsMissingOrEmptyOrTooLong()
    {
        assertError(parse("{\"type\":\"auth\"}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"auth\",\"data\":{}}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"auth\",\"data\":{\"token\":\"\"}}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"auth\",\"token\":7}"), ErrorCode.BAD_REQUEST);
        final String max = "t".repeat(ClientCommandParser.MAX_TOKEN_LENGTH);
        assertValid(parse("{\"type\":\"auth\",\"data\":{\"token\":\"" + max + "\"}}"), ClientCommand.Kind.AUTH);
        assertError(parse("{\"type\":\"auth\",\"data\":{\"token\":\"" + max + "t\"}}"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldParsePingWhenIdIsInteger()
    {
        final ClientCommand command = parse("{\"type\":\"ping\",\"id\":5}");

        assertValid(command, ClientCommand.Kind.PING);
        assertEquals("5", command.corrId());
        assertNoData(command);
    }

    @Test
    void shouldParseJoinWhenRoomAndStringIdArePresent()
    {
        final ClientCommand command = parse("{\"type\":\"join\",\"room\":\"lobby\",\"id\":\"1\"}");

        assertValid(command, ClientCommand.Kind.JOIN);
        assertEquals("lobby", command.name());
        assertFalse(command.nameIsToken());
        assertEquals("\"1\"", command.corrId());
        assertEquals(3, command.corrIdLength());
        assertNoData(command);
    }

    @Test
    void shouldParseLeaveWhenFieldsAreInAnyOrder()
    {
        final ClientCommand command = parse("{ \"id\" : 12 , \"room\" : \"lobby\" , \"type\" : \"leave\" }");

        assertValid(command, ClientCommand.Kind.LEAVE);
        assertEquals("lobby", command.name());
        assertEquals("12", command.corrId());
    }

    @Test
    void shouldIgnoreUnknownFieldsWhenParsing()
    {
        final ClientCommand command = parse(
            "{\"type\":\"join\",\"extra\":{\"room\":\"nested\",\"id\":\"x\",\"a\":[1,{}]},\"room\":\"lobby\",\"more\":[\"data\"]}");

        assertValid(command, ClientCommand.Kind.JOIN);
        assertEquals("lobby", command.name());
        assertEquals(0, command.corrIdLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"text\":\"hi\"}",
        "{ \"text\" :  \"h\\\"i\\\\\" ,\n\t\"n\" : [ 1 , 2.5e3 , null ] , \"u\":\"é日😀\\u00e9\\ud83d\\ude00\" }",
        "[1, \"two\", {\"three\": 3}, [ ]]",
        "\"plain string with \\\"escaped quotes\\\" and é\"",
        "\"\"",
        "42",
        "-0.5e-7",
        "true",
        "false",
        "null",
        "{}",
        "[]",
        "{\"a\":{\"b\":{\"c\":[{\"d\":\"}\"}]}}}" })
    void shouldKeepExactDataBytesWhenPublishing(final String data)
    {
        final ClientCommand command = parse("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"3\",\"data\":" + data + "}");

        assertValid(command, ClientCommand.Kind.PUBLISH);
        assertEquals("lobby", command.name());
        assertEquals("\"3\"", command.corrId());
        assertData(command, data);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"text\": \"hi\" }", "[ 1 ]", "\"s\"", "7", "true", "null" })
    void shouldKeepExactDataBytesWhenDataIsNotLastAndSurroundedByWhitespace(final String data)
    {
        final ClientCommand command = parse(
            "{\r\n  \"data\" :\t " + data + " \n,\n  \"room\": \"lobby\",\"type\":\"publish\", \"id\": 99 }\n");

        assertValid(command, ClientCommand.Kind.PUBLISH);
        assertEquals("99", command.corrId());
        assertData(command, data);
    }

    @Test
    void shouldParsePublishWhenMessageHasRoom()
    {
        final ClientCommand command = parse("{\"type\":\"message\",\"room\":\"lobby\",\"data\":{\"to\":\"bob\",\"text\":\"hi\"}}");

        assertValid(command, ClientCommand.Kind.PUBLISH);
        assertEquals("lobby", command.name());
        assertData(command, "{\"to\":\"bob\",\"text\":\"hi\"}");
    }

    @Test
    void shouldParseDirectWhenMessageHasDataTo()
    {
        final ClientCommand command = parse("{\"type\":\"message\",\"id\":\"m1\",\"data\":{\"text\":\"psst\", \"to\" : \"bob\"}}");

        assertValid(command, ClientCommand.Kind.DIRECT);
        assertEquals("bob", command.name());
        assertEquals("\"m1\"", command.corrId());
        assertData(command, "{\"text\":\"psst\", \"to\" : \"bob\"}");
    }

    @Test
    void shouldUnescapeRecipientWhenDataToHasEscapes()
    {
        final ClientCommand command = parse("{\"type\":\"message\",\"data\":{\"to\":\"b\\u00f6b\\\"\"}}");

        assertValid(command, ClientCommand.Kind.DIRECT);
        assertEquals(HexFormat.of().formatHex(utf8("böb\"")), nameHex(command));
    }

    @Test
    void shouldKeepDataWhenDataHasNonStringTokenField()
    {
        // data is opaque for a publish: a "token" that is not a string must not fail the command.
        final ClientCommand number = parse("{\"type\":\"publish\",\"room\":\"lobby\",\"data\":{\"token\":5}}");
        assertValid(number, ClientCommand.Kind.PUBLISH);
        assertData(number, "{\"token\":5}");

        final ClientCommand object = parse("{\"type\":\"message\",\"data\":{\"token\":{\"a\":[1]},\"to\":\"bob\"}}");
        assertValid(object, ClientCommand.Kind.DIRECT);
        assertEquals("bob", object.name());
        assertData(object, "{\"token\":{\"a\":[1]},\"to\":\"bob\"}");
    }

    // ---- id ----

    @ParameterizedTest
    @ValueSource(strings = { "\"7\"", "7", "0", "-12", "123456789012345678901234567890", "\"a\\\"b\"", "\"é😀\"", "\"\"" })
    void shouldKeepRawIdTokenWhenIdIsStringOrInteger(final String id)
    {
        final ClientCommand command = parse("{\"type\":\"join\",\"id\":" + id + ",\"room\":\"lobby\"}");

        assertValid(command, ClientCommand.Kind.JOIN);
        assertEquals(id, command.corrId());
        assertEquals(utf8(id).length, command.corrIdLength());
    }

    @Test
    void shouldKeepRawIdTokenWhenIdIsLastField()
    {
        final ClientCommand command = parse("{\"type\":\"ping\",\"id\"  :  31 }");

        assertValid(command, ClientCommand.Kind.PING);
        assertEquals("31", command.corrId());
    }

    @ParameterizedTest
    @ValueSource(strings = { "1.5", "1e3", "true", "null", "{}", "[1]" })
    void shouldRejectWhenIdIsNotStringOrInteger(final String id)
    {
        assertError(parse("{\"type\":\"join\",\"id\":" + id + ",\"room\":\"lobby\"}"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldRejectWhenIdIsLongerThanLimit()
    {
        final String max = "\"" + "i".repeat(ClientCommandParser.MAX_CORR_ID_LENGTH - 2) + "\"";
        final ClientCommand ok = parse("{\"type\":\"ping\",\"id\":" + max + "}");
        assertValid(ok, ClientCommand.Kind.PING);
        assertEquals(max, ok.corrId());

        final String tooLong = "\"" + "i".repeat(ClientCommandParser.MAX_CORR_ID_LENGTH - 1) + "\"";
        assertError(parse("{\"type\":\"ping\",\"id\":" + tooLong + "}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"ping\",\"id\":" + "9".repeat(ClientCommandParser.MAX_CORR_ID_LENGTH + 1) + "}"),
            ErrorCode.BAD_REQUEST);
    }

    // ---- errors ----

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "{",
        "{\"type\":\"join\"",
        "{\"type\":\"join\",}",
        "{\"type\" \"join\"}",
        "{'type':'join'}",
        "{type:\"join\"}",
        "{\"type\":\"join\",\"room\":lobby}",
        "{\"type\":\"join\" \"room\":\"lobby\"}",
        "{\"type\":\"join\",\"room\":\"lobby\"]",
        "{\"type\":\"publish\",\"room\":\"lobby\",\"data\":{\"a\":}}",
        "{\"type\":\"publish\",\"room\":\"lobby\",\"data\":[1,2}",
        "{\"type\":\"publish\",\"room\":\"lobby\",\"data\":tru}",
        "{\"type\":\"publish\",\"room\":\"lobby\",\"data\":NaN}",
        "{\"type\":\"publish\",\"room\":\"lobby\",\"data\":01}",
        "{\"type\":\"publish\",\"room\":\"lobby\",\"data\":\"unterminated}",
        "{\"type\":\"join\",\"room\":\"lo\\qbby\"}",
        "{\"type\":\"join\" /* comment */ ,\"room\":\"lobby\"}" })
    void shouldRejectAsBadRequestWhenJsonIsMalformed(final String malformed)
    {
        final ClientCommand command = parse(malformed);

        assertError(command, ErrorCode.BAD_REQUEST);
        assertNoData(command);
    }

    @Test
    void shouldRejectAsBadRequestWhenCommandIsTruncatedAnywhere()
    {
        final String full = "{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"1\",\"data\":{\"a\":[1,\"é\"],\"b\":null}}";
        final byte[] bytes = utf8(full);
        for (int length = 0; length < bytes.length; length++)
        {
            final byte[] prefix = new byte[length];
            System.arraycopy(bytes, 0, prefix, 0, length);
            final ClientCommand command = parseBytes(full, prefix, -1);
            assertError(command, ErrorCode.BAD_REQUEST);
        }
        assertValid(parse(full), ClientCommand.Kind.PUBLISH);
    }

    @ParameterizedTest
    @ValueSource(strings = { "[]", "[{\"type\":\"ping\"}]", "\"ping\"", "42", "null", "true" })
    void shouldRejectAsBadRequestWhenCommandIsNotAnObject(final String notObject)
    {
        assertError(parse(notObject), ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldRejectAsBadRequestWhenTypeIsMissingOrNotAString()
    {
        assertError(parse("{\"room\":\"lobby\"}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":1,\"room\":\"lobby\"}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":null}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":[\"join\"]}"), ErrorCode.BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = { "shout", "JOIN", "join ", "", "pong", "publish2", "pub", "typin", "Presence" })
    void shouldRejectAsUnknownTypeWhenTypeIsNotACommand(final String type)
    {
        final ClientCommand command = parse("{\"type\":\"" + type + "\",\"room\":\"lobby\",\"data\":1}");

        assertError(command, ErrorCode.UNKNOWN_TYPE);
        assertNull(command.kind());
    }

    @ParameterizedTest
    @ValueSource(strings = { "join", "leave", "publish", "typing", "presence" })
    void shouldRejectAsBadRequestWhenRoomIsMissing(final String type)
    {
        assertError(parse("{\"type\":\"" + type + "\",\"data\":{\"to\":\"bob\"}}"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldParseTypingWithStateWhenStateIsStartOrStop()
    {
        ClientCommand command = parse("{\"type\":\"typing\",\"room\":\"lobby\",\"state\":\"start\"}");
        assertValid(command, ClientCommand.Kind.TYPING);
        assertEquals("lobby", command.name());
        assertTrue(command.typingStart());
        assertEquals(0, command.corrIdLength());

        command = parse("{\"state\":\"stop\",\"id\":\"t1\",\"type\":\"typing\",\"room\":\"lobby\"}");
        assertValid(command, ClientCommand.Kind.TYPING);
        assertFalse(command.typingStart());
        assertEquals("\"t1\"", command.corrId());
    }

    @Test
    void shouldParseTypingAsStartWhenStateIsAbsent()
    {
        final ClientCommand command = parse("{\"type\":\"typing\",\"room\":\"lobby\"}");

        assertValid(command, ClientCommand.Kind.TYPING);
        assertTrue(command.typingStart());
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"STOP\"", "\"\"", "\"typing\"", "1", "true", "null", "{\"s\":\"stop\"}", "[\"stop\"]" })
    void shouldRejectAsBadRequestWhenTypingStateIsNotStartOrStop(final String state)
    {
        final ClientCommand command = parse("{\"type\":\"typing\",\"room\":\"lobby\",\"state\":" + state + ",\"id\":3}");

        assertError(command, ErrorCode.BAD_REQUEST);
        assertEquals("3", command.corrId(), "the id is still echoed");
    }

    @Test
    void shouldIgnoreStateWhenCommandIsNotTyping()
    {
        assertValid(parse("{\"type\":\"join\",\"room\":\"lobby\",\"state\":\"whatever\"}"), ClientCommand.Kind.JOIN);
    }

    @Test
    void shouldParsePresenceQueryWhenRoomIsGiven()
    {
        final ClientCommand command = parse("{\"type\":\"presence\",\"room\":\"lobby\",\"id\":\"7\"}");

        assertValid(command, ClientCommand.Kind.PRESENCE);
        assertEquals("lobby", command.name());
        assertEquals("\"7\"", command.corrId());
    }

    @Test
    void shouldRejectAsBadRequestWhenRoomIsNotAString()
    {
        assertError(parse("{\"type\":\"join\",\"room\":5}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"join\",\"room\":null}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"join\",\"room\":{\"name\":\"lobby\"}}"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldRejectAsBadRequestWhenRoomIsEmpty()
    {
        assertError(parse("{\"type\":\"join\",\"room\":\"\"}"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldRejectAsBadRequestWhenRoomIsLongerThan128Bytes()
    {
        final String max = "r".repeat(ClientCommandParser.MAX_NAME_LENGTH);
        final ClientCommand ok = parse("{\"type\":\"join\",\"room\":\"" + max + "\"}");
        assertValid(ok, ClientCommand.Kind.JOIN);
        assertEquals(max, ok.name());

        assertError(parse("{\"type\":\"join\",\"room\":\"" + max + "r\"}"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldMeasureRoomInUtf8BytesWhenRoomIsNotAscii()
    {
        // 64 x 'é' = 128 bytes, 65 x 'é' = 130 bytes; 64 x "\u00e9" escapes the same.
        assertValid(parse("{\"type\":\"join\",\"room\":\"" + "é".repeat(64) + "\"}"), ClientCommand.Kind.JOIN);
        assertValid(parse("{\"type\":\"join\",\"room\":\"" + "\\u00e9".repeat(64) + "\"}"), ClientCommand.Kind.JOIN);
        assertError(parse("{\"type\":\"join\",\"room\":\"" + "é".repeat(65) + "\"}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"join\",\"room\":\"" + "r".repeat(127) + "é\"}"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldRejectAsBadRequestWhenPublishHasNoData()
    {
        final ClientCommand command = parse("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"1\"}");

        assertError(command, ErrorCode.BAD_REQUEST);
        assertEquals(ClientCommand.Kind.PUBLISH, command.kind());
    }

    @Test
    void shouldRejectAsBadRequestWhenDirectHasNoDataTo()
    {
        assertError(parse("{\"type\":\"message\",\"data\":{\"text\":\"hi\"}}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"message\",\"data\":\"bob\"}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"message\",\"data\":{\"to\":\"\"}}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"message\",\"data\":{\"to\":7}}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"message\",\"data\":{\"nested\":{\"to\":\"bob\"}}}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"message\",\"data\":{\"to\":\"" + "b".repeat(129) + "\"}}"), ErrorCode.BAD_REQUEST);

        final ClientCommand noData = parse("{\"type\":\"message\",\"to\":\"bob\"}");
        assertError(noData, ErrorCode.BAD_REQUEST);
        assertEquals(ClientCommand.Kind.DIRECT, noData.kind());
    }

    @ParameterizedTest
    @ValueSource(strings = { "x", "{}", "{\"type\":\"ping\"}", "[]", "}", "\"s\"", "1", ",", "null" })
    void shouldRejectAsBadRequestWhenContentTrailsTheObject(final String trailing)
    {
        assertError(parse("{\"type\":\"ping\"}" + trailing), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"ping\"} " + trailing), ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldAcceptWhenOnlyWhitespaceSurroundsTheObject()
    {
        assertValid(parse(" \r\n\t{\"type\":\"ping\"} \r\n\t"), ClientCommand.Kind.PING);
    }

    @ParameterizedTest
    @ValueSource(strings = { "UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32LE", "UTF-32BE" })
    void shouldRejectAsBadRequestWhenInputIsNotUtf8(final String charset)
    {
        final String publish = "{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"7\",\"data\":{\"x\":1}}";

        final ClientCommand command = parseBytes(publish, publish.getBytes(Charset.forName(charset)), -1);

        assertError(command, ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldLocateDataWhenInputStartsWithUtf8ByteOrderMark()
    {
        final String publish = "{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"7\",\"data\":{\"x\":1}}";
        final String withBom = "\ufeff" + publish;

        final ClientCommand command = parse(withBom);

        assertValid(command, ClientCommand.Kind.PUBLISH);
        assertEquals("\"7\"", command.corrId());
        assertData(command, "{\"x\":1}");
    }

    // ---- names with escapes ----

    @Test
    void shouldUnescapeRoomWhenRoomHasEscapedQuote()
    {
        final ClientCommand command = parse("{\"type\":\"join\",\"room\":\"lo\\\"bby\"}");

        assertValid(command, ClientCommand.Kind.JOIN);
        assertEquals("6c6f22626279", nameHex(command));
        assertEquals("lo\"bby", command.name());
    }

    @Test
    void shouldEncodeUtf8WhenRoomHasUnicodeEscapes()
    {
        final ClientCommand command = parse("{\"type\":\"join\",\"room\":\"\\u00e9t\\u00e9\"}");

        assertValid(command, ClientCommand.Kind.JOIN);
        assertEquals("c3a974c3a9", nameHex(command));
        assertEquals("été", command.name());
    }

    @Test
    void shouldEncodeFourByteUtf8WhenRoomHasEscapedSurrogatePair()
    {
        final ClientCommand command = parse("{\"type\":\"join\",\"room\":\"\\ud83d\\ude00\"}");

        assertValid(command, ClientCommand.Kind.JOIN);
        assertEquals("f09f9880", nameHex(command));
        assertEquals("😀", command.name());
    }

    @Test
    void shouldKeepUtf8WhenRoomHasRawMultiByteCharacters()
    {
        final ClientCommand command = parse("{\"type\":\"join\",\"room\":\"été 😀 日\"}");

        assertValid(command, ClientCommand.Kind.JOIN);
        assertEquals(HexFormat.of().formatHex(utf8("été 😀 日")), nameHex(command));
    }

    @Test
    void shouldUnescapeRoomWhenRoomHasControlEscapes()
    {
        final ClientCommand command = parse("{\"type\":\"join\",\"room\":\"a\\\\b\\/c\\td\\n\"}");

        assertValid(command, ClientCommand.Kind.JOIN);
        assertEquals("a\\b/c\td\n", command.name());
    }

    @Test
    void shouldReplaceWithQuestionMarkWhenRoomHasLoneSurrogate()
    {
        final ClientCommand command = parse("{\"type\":\"join\",\"room\":\"x\\ud800y\"}");

        assertValid(command, ClientCommand.Kind.JOIN);
        assertEquals("783f79", nameHex(command));
    }

    // ---- reuse ----

    @Test
    void shouldReturnCleanCommandWhenInvalidParseIsFollowedByValidOne()
    {
        final ClientCommand bad = parse("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"1\",\"data\":{\"a\":1}");
        assertError(bad, ErrorCode.BAD_REQUEST);

        final ClientCommand good = parse("{\"type\":\"join\",\"room\":\"hall\"}");

        assertValid(good, ClientCommand.Kind.JOIN);
        assertEquals("hall", good.name());
        assertEquals(0, good.corrIdLength());
        assertNoData(good);
        assertFalse(good.nameIsToken());
    }

    @Test
    void shouldNotLeakFieldsWhenParsesAlternate()
    {
        assertValid(parse("{\"type\":\"auth\",\"id\":\"x\",\"data\":{\"token\":\"secret\"}}"), ClientCommand.Kind.AUTH);
        assertError(parse("{\"type\":\"auth\"}"), ErrorCode.BAD_REQUEST);

        final ClientCommand message = parse("{\"type\":\"message\",\"data\":{\"to\":\"bob\"}}");
        assertValid(message, ClientCommand.Kind.DIRECT);
        assertEquals("bob", message.name());
        assertFalse(message.nameIsToken());
        assertEquals(0, message.corrIdLength());

        assertError(parse("{\"type\":\"message\",\"data\":{\"text\":1}}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"join\"}"), ErrorCode.BAD_REQUEST);
        assertError(parse("{\"type\":\"nope\"}"), ErrorCode.UNKNOWN_TYPE);

        final ClientCommand publish = parse("{\"type\":\"publish\",\"room\":\"r\",\"id\":2,\"data\":[2]}");
        assertValid(publish, ClientCommand.Kind.PUBLISH);
        assertEquals("r", publish.name());
        assertEquals("2", publish.corrId());
        assertData(publish, "[2]");
    }

    @Test
    void shouldReuseOneCommandInstanceWhenParsingRepeatedly()
    {
        final ClientCommand first = parse("{\"type\":\"ping\"}");
        final ClientCommand second = parse("{\"type\":\"join\",\"room\":\"lobby\"}");

        assertSame(first, second);
    }

    @Test
    void shouldNotAllocateWhenParsingCommonCommandsAfterWarmUp()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported())
        {
            throw new AssertionError("thread allocation accounting is not supported by this JVM");
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        final byte[][] commands = {
            utf8("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"17\",\"data\":{\"text\":\"a realistic chat message body\"}}"),
            utf8("{\"type\":\"join\",\"room\":\"lobby\",\"id\":\"1\"}"),
            utf8("{\"type\":\"message\",\"data\":{\"to\":\"bob\",\"text\":\"hi\"}}"),
            utf8("{\"type\":\"ping\",\"id\":5}"),
            utf8("{\"type\":\"typing\",\"room\":\"lobby\",\"state\":\"start\"}"),
            utf8("{\"type\":\"typing\",\"room\":\"lobby\",\"state\":\"stop\"}"),
            utf8("{\"type\":\"presence\",\"room\":\"lobby\",\"id\":\"9\"}"),
        };
        final ClientCommandParser target = new ClientCommandParser();
        for (int i = 0; i < 50_000; i++)
        {
            final byte[] command = commands[i % commands.length];
            assertTrue(target.parseJson(command, 0, command.length).isValid());
        }

        final long overhead = -threads.getCurrentThreadAllocatedBytes() + threads.getCurrentThreadAllocatedBytes();
        // An allocating path allocates on every parse; a one-off (JIT, JVM bookkeeping) may show in one round only.
        long fewestBytes = Long.MAX_VALUE;
        for (int round = 0; round < 5 && fewestBytes != 0; round++)
        {
            int valid = 0;
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++)
            {
                final byte[] command = commands[i % commands.length];
                valid += target.parseJson(command, 0, command.length).isValid() ? 1 : 0;
            }
            final long after = threads.getCurrentThreadAllocatedBytes();
            assertEquals(10_000, valid);
            fewestBytes = Math.min(fewestBytes, after - before - overhead);
        }
        assertEquals(0L, fewestBytes, "bytes allocated by 10,000 parses of publish/join/direct/ping/typing/presence, fewest of five rounds");
    }

    // ---- binary frame payloads ----

    @Test
    void shouldParseAuthWithUserWhenHelloHasUser()
    {
        final ClientCommand command = parseFrame(FrameType.HELLO, "{\"user\":\"alice\"}");

        assertValid(command, ClientCommand.Kind.AUTH);
        assertEquals("alice", command.name());
        assertFalse(command.nameIsToken());
    }

    @Test
    void shouldParseAuthWithTokenWhenHelloHasToken()
    {
        final ClientCommand command = parseFrame(FrameType.HELLO, "{\"token\":\"t\"}");

        assertValid(command, ClientCommand.Kind.AUTH);
        assertEquals("t", command.name());
        assertTrue(command.nameIsToken());
    }

    @Test
    void shouldRejectHelloWhenUserIsInvalid()
    {
        assertError(parseFrame(FrameType.HELLO, "{}"), ErrorCode.BAD_REQUEST);
        assertError(parseFrame(FrameType.HELLO, "{\"user\":\"\"}"), ErrorCode.BAD_REQUEST);
        assertError(parseFrame(FrameType.HELLO, "{\"user\":\"" + "u".repeat(129) + "\"}"), ErrorCode.BAD_REQUEST);
        assertError(parseFrame(FrameType.HELLO, "{\"user\":1}"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldParseJoinWhenFrameIsJoinRoom()
    {
        final ClientCommand command = parseFrame(FrameType.JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"1\"}");

        assertValid(command, ClientCommand.Kind.JOIN);
        assertEquals("lobby", command.name());
        assertEquals("\"1\"", command.corrId());
    }

    @Test
    void shouldUseFrameTypeWhenPayloadAlsoHasTypeField()
    {
        final ClientCommand command = parseFrame(FrameType.JOIN_ROOM, "{\"type\":\"leave\",\"room\":\"lobby\"}");

        assertValid(command, ClientCommand.Kind.JOIN);
    }

    @Test
    void shouldParseLeaveWhenFrameIsLeaveRoom()
    {
        final ClientCommand command = parseFrame(FrameType.LEAVE_ROOM, "{\"room\":\"lobby\",\"id\":4}");

        assertValid(command, ClientCommand.Kind.LEAVE);
        assertEquals("lobby", command.name());
        assertEquals("4", command.corrId());
    }

    @Test
    void shouldParsePublishWhenMessageFrameHasRoom()
    {
        final ClientCommand command = parseFrame(FrameType.MESSAGE, "{\"room\":\"lobby\",\"id\":\"5\",\"data\":{\"text\":\"hi\"}}");

        assertValid(command, ClientCommand.Kind.PUBLISH);
        assertEquals("lobby", command.name());
        assertEquals("\"5\"", command.corrId());
        assertData(command, "{\"text\":\"hi\"}");
    }

    @Test
    void shouldParseDirectWhenMessageFrameHasDataTo()
    {
        final ClientCommand command = parseFrame(FrameType.MESSAGE, "{\"data\":{\"to\":\"bob\",\"text\":\"hi\"}}");

        assertValid(command, ClientCommand.Kind.DIRECT);
        assertEquals("bob", command.name());
        assertData(command, "{\"to\":\"bob\",\"text\":\"hi\"}");
    }

    @Test
    void shouldParseTypingWhenFrameIsTyping()
    {
        ClientCommand command = parseFrame(FrameType.TYPING, "{\"room\":\"lobby\",\"state\":\"stop\"}");
        assertValid(command, ClientCommand.Kind.TYPING);
        assertEquals("lobby", command.name());
        assertFalse(command.typingStart());

        command = parseFrame(FrameType.TYPING, "{\"room\":\"lobby\"}");
        assertValid(command, ClientCommand.Kind.TYPING);
        assertTrue(command.typingStart());

        assertError(parseFrame(FrameType.TYPING, "{\"room\":\"lobby\",\"state\":\"later\"}"), ErrorCode.BAD_REQUEST);
        assertError(parseFrame(FrameType.TYPING, "{\"state\":\"start\"}"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldParsePresenceQueryWhenFrameIsPresence()
    {
        final ClientCommand command = parseFrame(FrameType.PRESENCE, "{\"room\":\"lobby\",\"id\":\"7\"}");

        assertValid(command, ClientCommand.Kind.PRESENCE);
        assertEquals("lobby", command.name());
        assertEquals("\"7\"", command.corrId());
        assertError(parseFrame(FrameType.PRESENCE, "{}"), ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldRejectMessageFrameWhenRoomAndDataToAreMissing()
    {
        assertError(parseFrame(FrameType.MESSAGE, "{\"data\":{\"text\":\"hi\"}}"), ErrorCode.BAD_REQUEST);
        assertError(parseFrame(FrameType.MESSAGE, "{\"room\":\"lobby\"}"), ErrorCode.BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(ints = { FrameType.HEARTBEAT, FrameType.ERROR, FrameType.ACK, 0, 0x0E, 0xFF })
    void shouldRejectAsUnknownTypeWhenFrameTypeCarriesNoCommand(final int frameType)
    {
        assertError(parseFrame(frameType, "{}"), ErrorCode.UNKNOWN_TYPE);
        assertError(parseFrame(frameType, "{\"room\":\"lobby\",\"data\":1}"), ErrorCode.UNKNOWN_TYPE);
    }

    @Test
    void shouldRejectAsBadRequestWhenFramePayloadIsMalformed()
    {
        assertError(parseFrame(FrameType.JOIN_ROOM, "{\"room\":"), ErrorCode.BAD_REQUEST);
        assertError(parseFrame(FrameType.JOIN_ROOM, ""), ErrorCode.BAD_REQUEST);
        assertError(parseFrame(FrameType.HEARTBEAT, "not json"), ErrorCode.BAD_REQUEST);
    }
}
