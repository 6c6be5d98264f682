package io.ringway.engine.logic;

import io.ringway.codec.link.EngineSettingsBlock;
import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.engine.HistoryConfig;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
        settings(1_000, 65_536); // the defaults: 64 MiB at most
        settings(7_000, 65_536); // 450 MiB
        settings(0, 400 << 20);  // no history kept: one message being appended

        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> settings(10_000, 65_536));
        assertTrue(refused.getMessage().contains("--history-per-room 10000") && refused.getMessage().contains("--max-message-bytes 65536"),
            refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings(1_000, 1 << 20)); // 1,000 messages of 1 MiB
    }

    @Test
    void shouldDecodeNothingFromAnEngineSettingsCommandOverTheBound()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final LogicSettings fits = settings(7_000, 65_536);
        final int length = fits.encodeCommand(buffer, 0);
        final LinkCommandDecoder command = new LinkCommandDecoder();
        assertTrue(command.wrap(buffer, 0, length));
        assertEquals(fits, LogicSettings.decode(command.buffer(), command.dataOffset(), command.dataLength()));

        // the same block with 10,000 per room, written field by field as an older engine could have
        EngineSettingsBlock.write(new UnsafeBuffer(buffer.byteArray()), command.dataOffset(),
            10, 10, 10, 65_536, fits.roomLimits().presenceAnnounceMax(), 10_000, 1_000);
        assertNull(LogicSettings.decode(command.buffer(), command.dataOffset(), command.dataLength()));
    }
}
