package io.ringway.engine.logic;

import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.engine.HistoryConfig;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogicSettingsTest
{
    private static LogicSettings settings(final int perRoom, final int maxMessageBytes)
    {
        return new LogicSettings(10, new RoomLimits(10, 10, maxMessageBytes), new HistoryConfig(perRoom, 1_000));
    }

    @Test
    void shouldRefuseHistoryThatCouldOutgrowARoomsLogWhenPerRoomTimesMessageSizePassesTheBound()
    {
        settings(1_000, 65_536).requireFitsRoomLog(); // the defaults: 64 MiB at most
        settings(7_000, 65_536).requireFitsRoomLog(); // 450 MiB
        settings(0, 400 << 20).requireFitsRoomLog();  // no history kept: one message being appended

        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> settings(10_000, 65_536).requireFitsRoomLog());
        assertTrue(refused.getMessage().contains("--history-per-room 10000") && refused.getMessage().contains("--max-message-bytes 65536"),
            refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings(1_000, 1 << 20).requireFitsRoomLog()); // 1,000 of 1 MiB
    }

    @Test
    void shouldStillDecodeSettingsOverTheBoundThatAnOlderEngineJournaled()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final LogicSettings journaled = settings(20_000, 65_536); // accepted at start before the bound existed
        final int length = journaled.encodeCommand(buffer, 0);
        final LinkCommandDecoder command = new LinkCommandDecoder();
        assertTrue(command.wrap(buffer, 0, length));

        // a replay must apply what the run applied, or it diverges from it
        assertEquals(journaled, LogicSettings.decode(command.buffer(), command.dataOffset(), command.dataLength()));
    }
}
