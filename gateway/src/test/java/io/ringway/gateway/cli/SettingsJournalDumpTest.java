package io.ringway.gateway.cli;

import io.ringway.engine.HistoryConfig;
import io.ringway.engine.logic.LogicSettings;
import io.ringway.engine.logic.RoomLimits;
import io.ringway.gateway.it.Json;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ringway journal dump} shows an ENGINE_SETTINGS record's values under the server flags' names. */
class SettingsJournalDumpTest
{
    @TempDir
    Path dataDir;

    private void writeJournal()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = new LogicSettings(7, new RoomLimits(3, 4, 500, 2), new HistoryConfig(9, 1_000)).encodeCommand(buffer, 0);
        final byte[] command = new byte[length];
        buffer.getBytes(0, command);
        new JournalFixture().raw(command).writeTo(dataDir);
    }

    @Test
    void shouldShowEachSettingByItsFlagsNameWhenDumpingAsText()
    {
        writeJournal();
        final CliRunner.Result result = CliRunner.run("journal", "dump", "--data-dir", dataDir.toString());
        assertEquals(0, result.exitCode(), result::toString);
        final String line = result.outLines().get(0);
        assertTrue(line.endsWith(" ENGINE_SETTINGS gateway=0 session=0 inbox_limit=7 max_rooms_per_session=3 max_group_members=4"
            + " max_message_bytes=500 presence_announce_max=2 history_per_room=9 dedupe_window_ms=1000"), line);
    }

    @Test
    void shouldShowEachSettingAsAJsonFieldWhenDumpingAsJson()
    {
        writeJournal();
        final CliRunner.Result result = CliRunner.run("journal", "dump", "--data-dir", dataDir.toString(), "--format", "json");
        assertEquals(0, result.exitCode(), result::toString);
        final Map<String, Object> record = Json.object(result.outLines().get(0));
        assertEquals("ENGINE_SETTINGS", record.get("type"));
        assertEquals(9L, ((Number)record.get("history_per_room")).longValue());
        assertEquals(1_000L, ((Number)record.get("dedupe_window_ms")).longValue());
    }
}
