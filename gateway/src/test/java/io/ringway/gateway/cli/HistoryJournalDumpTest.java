package io.ringway.gateway.cli;

import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.gateway.it.Json;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code ringway journal dump} renders the message history commands with their fields, as text and as JSON. */
class HistoryJournalDumpTest
{
    private static final long ALICE = 1L << 20 | 1;

    @TempDir
    Path dataDir;

    private static byte[] command(final int type, final String corrId, final String clientMsgId, final long seq, final long epoch,
                                  final int limit, final int mode, final String data)
    {
        final UnsafeBuffer corr = utf8(corrId);
        final UnsafeBuffer room = utf8("lobby");
        final UnsafeBuffer client = utf8(clientMsgId);
        final UnsafeBuffer body = utf8(data);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
        final int length = LinkCommandEncoder.encodeHistoryCommand(out, 0, type, 1, ALICE, corr, 0, corr.capacity(),
            room, 0, room.capacity(), client, 0, client.capacity(), seq, epoch, limit, mode, body, 0, body.capacity());
        final byte[] bytes = new byte[length];
        out.getBytes(0, bytes);
        return bytes;
    }

    private static UnsafeBuffer utf8(final String value)
    {
        return new UnsafeBuffer(value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    private void writeJournal()
    {
        new JournalFixture()
            .raw(command(LinkType.PUBLISH_ONCE, "\"1\"", "c-1", -1, 0, 0, 0, "{\"text\":\"hi\"}"))
            .raw(command(LinkType.EDIT, "\"2\"", null, 1, 0, 0, 0, "{\"text\":\"hi!\"}"))
            .raw(command(LinkType.DELETE, "\"3\"", null, 1, 0, 0, 0, null))
            .raw(command(LinkType.HISTORY, "\"4\"", null, 100, 0, 50, LinkCommandEncoder.HISTORY_AFTER | LinkCommandEncoder.HISTORY_OLDEST_FIRST, null))
            .raw(command(LinkType.JOIN_RESUME, "\"5\"", null, 17, 1700000000000042L, 0, 0, null))
            .writeTo(dataDir);
    }

    @Test
    void shouldShowEveryHistoryCommandsFieldsWhenDumpingAsText()
    {
        writeJournal();
        final CliRunner.Result result = CliRunner.run("journal", "dump", "--data-dir", dataDir.toString());
        assertEquals(0, result.exitCode(), result::toString);
        final List<String> lines = result.outLines().stream().map(line -> line.substring(line.indexOf(' ', line.indexOf("ts_ms=")) + 1)).toList();
        assertEquals(List.of(
            "PUBLISH_ONCE gateway=1 session=1048577 corr_id=\"1\" room=lobby client_msg_id=c-1 data={\"text\":\"hi\"}",
            "EDIT gateway=1 session=1048577 corr_id=\"2\" room=lobby msg_seq=1 data={\"text\":\"hi!\"}",
            "DELETE gateway=1 session=1048577 corr_id=\"3\" room=lobby msg_seq=1",
            "HISTORY gateway=1 session=1048577 corr_id=\"4\" room=lobby after=100 limit=50 order=oldest",
            "JOIN_RESUME gateway=1 session=1048577 corr_id=\"5\" room=lobby since=17 epoch=1700000000000042"),
            lines);
    }

    @Test
    void shouldShowEveryHistoryCommandsFieldsWhenDumpingAsJson()
    {
        writeJournal();
        final CliRunner.Result result = CliRunner.run("journal", "dump", "--data-dir", dataDir.toString(), "--format", "json");
        assertEquals(0, result.exitCode(), result::toString);
        final List<Map<String, Object>> records = result.outLines().stream().map(Json::object).toList();
        assertEquals("c-1", records.get(0).get("client_msg_id"));
        assertEquals(1L, ((Number)records.get(1).get("msg_seq")).longValue());
        assertEquals(2L, ((Number)records.get(1).get("seq")).longValue(), "the record's own sequence");
        assertEquals("EDIT", records.get(1).get("type"));
        assertEquals(100L, ((Number)records.get(3).get("after")).longValue());
        assertEquals("oldest", records.get(3).get("order"));
        assertEquals(1700000000000042L, ((Number)records.get(4).get("epoch")).longValue());
    }
}
