package io.ringway.gateway.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
