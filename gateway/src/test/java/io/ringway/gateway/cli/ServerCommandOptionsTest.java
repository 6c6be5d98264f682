package io.ringway.gateway.cli;

import io.ringway.engine.logic.RoomLimits;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerCommandOptionsTest
{
    private static ServerCommand parse(final String... args)
    {
        final ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void shouldPretouchTheJournalWhenNotToldOtherwise()
    {
        assertTrue(parse().journalPretouch);
        assertTrue(parse("--journal-pretouch").journalPretouch);
    }

    @Test
    void shouldNotPretouchTheJournalWhenTurnedOff()
    {
        assertFalse(parse("--no-journal-pretouch").journalPretouch);
    }

    @Test
    void shouldAnnouncePresenceUpToTheDefaultRoomSizeOrTheOneGiven()
    {
        assertEquals(RoomLimits.DEFAULT_PRESENCE_ANNOUNCE_MAX, parse().roomLimits.toLimits().presenceAnnounceMax());
        assertEquals(0, parse("--presence-announce-max", "0").roomLimits.toLimits().presenceAnnounceMax());
        assertThrows(IllegalArgumentException.class, () -> parse("--presence-announce-max", "-1").roomLimits.toLimits());
    }
}
