package io.ringway.gateway.cli;

import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import io.ringway.gateway.it.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.ringway.gateway.cli.JournalFixture.timestampOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalDumpCommandTest
{
    private static final long ALICE = 1L << 20 | 1;
    private static final long BOB = 2L << 20 | 1;

    @TempDir
    Path dataDir;

    /** A short session: two users, a room, a publish, a kept direct message, a leave and a close. */
    private void writeChat()
    {
        new JournalFixture()
            .gatewayReset(1)
            .sessionOpen(1, ALICE, "alice")
            .sessionOpen(1, BOB, "bob")
            .join(1, ALICE, "\"1\"", "lobby")
            .join(1, BOB, "7", "lobby")
            .publish(1, ALICE, "\"2\"", "lobby", "{\"text\":\"hello\"}")
            .direct(1, ALICE, "\"3\"", "olga", "{\"text\":\"are you there?\"}")
            .leave(1, BOB, "", "lobby")
            .sessionClose(1, BOB)
            .writeTo(dataDir);
    }

    private CliRunner.Result dump(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("journal", "dump", "--data-dir", dataDir.toString()));
        command.addAll(Arrays.asList(args));
        return CliRunner.run(command.toArray(new String[0]));
    }

    @Test
    void shouldPrintOneReadableLinePerCommandWhenDumpingTheWholeJournal()
    {
        writeChat();

        final CliRunner.Result result = dump();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of(
            "seq=1 ts=2023-11-14T22:13:21.001Z ts_ms=1700000001001 GATEWAY_RESET gateway=1 session=0",
            "seq=2 ts=2023-11-14T22:13:22.002Z ts_ms=1700000002002 SESSION_OPEN gateway=1 session=1048577 user=alice",
            "seq=3 ts=2023-11-14T22:13:23.003Z ts_ms=1700000003003 SESSION_OPEN gateway=1 session=2097153 user=bob",
            "seq=4 ts=2023-11-14T22:13:24.004Z ts_ms=1700000004004 JOIN gateway=1 session=1048577 corr_id=\"1\" room=lobby",
            "seq=5 ts=2023-11-14T22:13:25.005Z ts_ms=1700000005005 JOIN gateway=1 session=2097153 corr_id=7 room=lobby",
            "seq=6 ts=2023-11-14T22:13:26.006Z ts_ms=1700000006006 PUBLISH gateway=1 session=1048577 corr_id=\"2\" room=lobby " +
                "data={\"text\":\"hello\"}",
            "seq=7 ts=2023-11-14T22:13:27.007Z ts_ms=1700000007007 DIRECT gateway=1 session=1048577 corr_id=\"3\" to=olga " +
                "data={\"text\":\"are you there?\"}",
            "seq=8 ts=2023-11-14T22:13:28.008Z ts_ms=1700000008008 LEAVE gateway=1 session=2097153 room=lobby",
            "seq=9 ts=2023-11-14T22:13:29.009Z ts_ms=1700000009009 SESSION_CLOSE gateway=1 session=2097153"),
            result.outLines());
        assertEquals("ringway journal dump: 9 records printed, seq 1..9 (asked 1..end; journal last seq 9)", result.err().trim(),
            "the summary goes to stderr, so stdout holds commands only");
    }

    @Test
    void shouldPrintOnlyTheRecordsBetweenFromAndToInclusiveWhenBoundsAreGiven()
    {
        writeChat();

        final CliRunner.Result result = dump("--from", "4", "--to", "6");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("seq=4", "seq=5", "seq=6"), firstFields(result.outLines()));
        assertEquals("ringway journal dump: 3 records printed, seq 4..6 (asked 4..6; journal last seq 9)", result.err().trim());

        assertEquals(List.of("seq=8", "seq=9"), firstFields(dump("--from", "8").outLines()));
        assertEquals(List.of("seq=1", "seq=2"), firstFields(dump("--to", "2").outLines()));
        assertEquals(List.of("seq=5"), firstFields(dump("--from", "5", "--to", "5").outLines()));
    }

    @Test
    void shouldPrintNothingAndExitZeroWhenFromIsBeyondTheEnd()
    {
        writeChat();

        final CliRunner.Result result = dump("--from", "10");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertEquals("ringway journal dump: 0 records printed (asked 10..end; journal last seq 9)", result.err().trim());
    }

    @Test
    void shouldPrintEachBadCommandAsSuchAndCarryOnWhenTheJournalHoldsBadBytes()
    {
        final byte[] publish = JournalFixture.encode(LinkType.PUBLISH, 1, ALICE, "\"2\"", "lobby", "{\"text\":\"hello\"}");
        final byte[] lengthTooLong = publish.clone();
        putIntLe(lengthTooLong, LinkHeader.FRAME_LENGTH_OFFSET, publish.length + 10);
        final byte[] ack = JournalFixture.encode(LinkType.JOIN, 1, ALICE, "\"1\"", "lobby", null);
        ack[LinkHeader.TYPE_OFFSET] = (byte)LinkType.ACK;
        final byte[] newerType = JournalFixture.encode(LinkType.SESSION_CLOSE, 1, ALICE, null, null, null);
        newerType[LinkHeader.TYPE_OFFSET] = 0x30;
        final byte[] version2 = JournalFixture.encode(LinkType.SESSION_CLOSE, 1, ALICE, null, null, null);
        version2[LinkHeader.VERSION_OFFSET] = 2;
        final byte[] nameOverruns = JournalFixture.encode(LinkType.JOIN, 1, ALICE, "\"1\"", "lobby", null);
        nameOverruns[LinkHeader.LENGTH + 4] = 50; // room length 50, 5 bytes there
        new JournalFixture()
            .sessionOpen(1, ALICE, "alice")
            .raw(new byte[]{1, 2, 3})
            .raw(lengthTooLong)
            .raw(ack)
            .raw(newerType)
            .raw(version2)
            .raw(nameOverruns)
            .raw(new byte[0])
            .sessionClose(1, ALICE)
            .writeTo(dataDir);

        final CliRunner.Result result = dump();

        assertEquals(0, result.exitCode(), result::toString);
        final List<String> lines = result.outLines();
        assertEquals(9, lines.size(), result::toString);
        assertTrue(lines.get(0).contains(" SESSION_OPEN "), lines.get(0));
        assertEquals("seq=2 ts=2023-11-14T22:13:22.002Z ts_ms=1700000002002 MALFORMED length=3 " +
            "error=\"3 bytes, shorter than the 16-byte link header\" hex=010203", lines.get(1));
        assertEquals("seq=3 ts=2023-11-14T22:13:23.003Z ts_ms=1700000003003 MALFORMED type_id=0x05 gateway=1 session=1048577 " +
            "length=47 error=\"frame length 57, but the record holds 47 bytes\" hex=" + hex(lengthTooLong), lines.get(2));
        assertEquals("seq=4 ts=2023-11-14T22:13:24.004Z ts_ms=1700000004004 UNKNOWN type_id=0x41 gateway=1 session=1048577 " +
            "length=27 error=\"type 0x41 is the event ACK, not a command\" hex=" + hex(ack), lines.get(3));
        assertTrue(lines.get(4).contains(" UNKNOWN type_id=0x30 gateway=1 session=1048577 length=16 " +
            "error=\"no command has type 0x30\" hex=10000000013001"), lines.get(4));
        assertTrue(lines.get(5).contains(" MALFORMED type_id=0x02 gateway=1 session=1048577 length=16 " +
            "error=\"link version 2, expected 1\" hex=10000000020201"), lines.get(5));
        assertTrue(lines.get(6).contains(" MALFORMED type_id=0x03 gateway=1 session=1048577 length=27 " +
            "error=\"the body does not match the JOIN layout\" hex="), lines.get(6));
        assertTrue(lines.get(7).endsWith(" MALFORMED length=0 error=\"0 bytes, shorter than the 16-byte link header\" hex="),
            lines.get(7));
        assertTrue(lines.get(8).startsWith("seq=9 ") && lines.get(8).contains(" SESSION_CLOSE "), "the dump went on: " + lines.get(8));
        assertTrue(result.err().contains("9 records printed, seq 1..9") && result.err().contains("7 unknown or malformed"),
            result::toString);
    }

    @Test
    void shouldPrintJsonLinesThatParseBackWhenFormatIsJson()
    {
        writeChat();

        final CliRunner.Result result = dump("--format", "json");

        assertEquals(0, result.exitCode(), result::toString);
        final List<String> lines = result.outLines();
        assertEquals(9, lines.size(), result::toString);
        final List<Map<String, Object>> objects = new ArrayList<>();
        for (final String line : lines)
        {
            objects.add(Json.object(line));
        }
        final Map<String, Object> publish = objects.get(5);
        assertEquals(6L, publish.get("seq"));
        assertEquals("2023-11-14T22:13:26.006Z", publish.get("ts"));
        assertEquals(timestampOf(6), publish.get("ts_ms"));
        assertEquals("PUBLISH", publish.get("type"));
        assertEquals((long)LinkType.PUBLISH, publish.get("type_id"));
        assertEquals(1L, publish.get("gateway"));
        assertEquals(ALICE, publish.get("session"));
        assertEquals("2", publish.get("corr_id"), "the client's string id, as a JSON string");
        assertEquals("lobby", publish.get("room"));
        assertEquals(Map.of("text", "hello"), publish.get("data"), "data is embedded as JSON: jq .data.text works");
        assertEquals(16L, publish.get("data_bytes"));
        assertEquals(47L, publish.get("length"), "16-byte header, corrId 1+3, room 2+5, data 4+16");

        assertEquals(7L, objects.get(4).get("corr_id"), "a numeric client id stays a number");
        assertEquals("alice", objects.get(1).get("user"));
        assertEquals("olga", objects.get(6).get("to"));
        assertEquals("SESSION_CLOSE", objects.get(8).get("type"));
        assertFalse(objects.get(7).containsKey("corr_id"), "no corrId, no key");
        for (final Map<String, Object> object : objects)
        {
            assertFalse(object.containsKey("error"), object::toString);
        }
        assertTrue(result.err().contains("9 records printed"), "the summary stays off stdout in JSON too");
    }

    @Test
    void shouldPrintBadCommandsWithTypeErrorAndHexWhenFormatIsJson()
    {
        final byte[] ack = JournalFixture.encode(LinkType.JOIN, 1, ALICE, "\"1\"", "lobby", null);
        ack[LinkHeader.TYPE_OFFSET] = (byte)LinkType.ACK;
        new JournalFixture().raw(new byte[]{1, 2, 3}).raw(ack).writeTo(dataDir);

        final CliRunner.Result result = dump("--format", "JSON");

        assertEquals(0, result.exitCode(), result::toString);
        final Map<String, Object> tooShort = Json.object(result.outLines().get(0));
        assertEquals("MALFORMED", tooShort.get("type"));
        assertEquals("010203", tooShort.get("hex"));
        assertEquals(3L, tooShort.get("length"));
        assertFalse(tooShort.containsKey("gateway"), "no header, no gateway");
        final Map<String, Object> unknown = Json.object(result.outLines().get(1));
        assertEquals("UNKNOWN", unknown.get("type"));
        assertEquals((long)LinkType.ACK, unknown.get("type_id"));
        assertEquals(ALICE, unknown.get("session"));
        assertEquals("type 0x41 is the event ACK, not a command", unknown.get("error"));
        assertEquals(hex(ack), unknown.get("hex"));
    }

    @Test
    void shouldCutLongDataWithAMarkerUnlessFullIsGiven()
    {
        final String text = "x".repeat(300);
        final String data = "{\"text\":\"" + text + "\"}";
        new JournalFixture().publish(1, ALICE, "", "lobby", data).writeTo(dataDir);

        final String cut = dump().outLines().get(0);
        assertTrue(cut.endsWith(" data=" + data.substring(0, 200) + "...[+" + (data.length() - 200) + " bytes]"), cut);

        final String whole = dump("--full").outLines().get(0);
        assertTrue(whole.endsWith(" data=" + data), whole);

        final Map<String, Object> cutJson = Json.object(dump("--format", "json").outLines().get(0));
        assertEquals(data.substring(0, 200), cutJson.get("data_text"));
        assertEquals(true, cutJson.get("data_truncated"));
        assertEquals((long)data.length(), cutJson.get("data_bytes"));

        final Map<String, Object> wholeJson = Json.object(dump("--format", "json", "--full").outLines().get(0));
        assertEquals(Map.of("text", text), wholeJson.get("data"));
        assertFalse(wholeJson.containsKey("data_truncated"));
    }

    @Test
    void shouldShowDataAsHexWhenItIsNotPrintableUtf8()
    {
        new JournalFixture()
            .publish(1, ALICE, "", "lobby", new byte[]{(byte)0xC3, 0x28, 0x00, 0x7F})
            .publish(1, ALICE, "", "lobby", "{\"a\":\n 1}")
            .writeTo(dataDir);

        final List<String> lines = dump().outLines();
        assertTrue(lines.get(0).endsWith(" room=lobby data_hex=c328007f"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" data={\"a\":  1}"), "whitespace newlines do not break the line: " + lines.get(1));

        final List<String> json = dump("--format", "json").outLines();
        assertEquals("c328007f", Json.object(json.get(0)).get("data_hex"));
        assertEquals(Map.of("a", 1L), Json.object(json.get(1)).get("data"));
    }

    @Test
    void shouldQuoteANameWhenItWouldNotReadAsOneFieldInText()
    {
        new JournalFixture().join(1, ALICE, "", "game room=1").writeTo(dataDir);

        assertTrue(dump().outLines().get(0).endsWith(" room=\"game room=1\""), dump().out());
        assertEquals("game room=1", Json.object(dump("--format", "json").outLines().get(0)).get("room"));
    }

    @Test
    void shouldShowTheRoomAndStateWhenTheCommandIsTyping()
    {
        new JournalFixture()
            .sessionOpen(1, ALICE, "alice")
            .typing(1, ALICE, "lobby", true)
            .typing(1, ALICE, "lobby", false)
            .writeTo(dataDir);

        final CliRunner.Result text = dump("--from", "2");
        final CliRunner.Result json = dump("--from", "3", "--format", "json");

        assertEquals(0, text.exitCode(), text::toString);
        assertEquals(List.of(
            "seq=2 ts=2023-11-14T22:13:22.002Z ts_ms=1700000002002 TYPING gateway=1 session=1048577 room=lobby state=start",
            "seq=3 ts=2023-11-14T22:13:23.003Z ts_ms=1700000003003 TYPING gateway=1 session=1048577 room=lobby state=stop"),
            text.outLines());
        assertTrue(json.outLines().get(0).contains("\"room\":\"lobby\",\"state\":\"stop\""), json::toString);
    }

    @Test
    void shouldExitTwoWithAClearMessageWhenThereIsNoJournal()
    {
        final CliRunner.Result result = dump();

        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("ringway journal dump: no journal at " + dataDir.resolve("journal").toAbsolutePath()),
            result::toString);
    }

    @Test
    void shouldExitTwoWhenToIsBeforeFrom()
    {
        writeChat();

        final CliRunner.Result result = dump("--from", "5", "--to", "4");

        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertTrue(result.err().contains("--to 4 is before --from 5"), result::toString);
    }

    @Test
    void shouldRejectAnUnknownFormat()
    {
        writeChat();

        final CliRunner.Result result = dump("--format", "xml");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("'xml' is not a format: use text or json"), result::toString);
    }

    private static List<String> firstFields(final List<String> lines)
    {
        final List<String> fields = new ArrayList<>();
        for (final String line : lines)
        {
            fields.add(line.substring(0, line.indexOf(' ')));
        }
        return fields;
    }

    private static void putIntLe(final byte[] bytes, final int offset, final int value)
    {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    }

    private static String hex(final byte[] bytes)
    {
        final StringBuilder hex = new StringBuilder();
        for (final byte b : bytes)
        {
            hex.append(String.format("%02x", b & 0xFF));
        }
        return hex.toString();
    }
}
