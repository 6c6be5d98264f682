package io.ringway.gateway.cli;

import io.ringway.engine.logic.RoomLimits;
import io.ringway.gateway.GatewayConfig;
import io.ringway.gateway.auth.AuthConfig;
import io.ringway.gateway.io.IoTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

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

    @Test
    void shouldListenForNoOtherGatewaysWhenNoLinkPortIsGiven()
    {
        assertEquals(-1, parse().linkPort);
        assertEquals(7070, parse("--link-port", "7070").linkPort);
    }

    @Test
    void shouldGiveTheEmbeddedGatewayTheGatewayFlagsWhenParsed()
    {
        final ServerCommand command = parse("--port", "8123", "--tcp-port", "-1", "--queue-standard", "77");
        final GatewayConfig config = command.gateway.toConfig(1, IoTransport.NIO, AuthConfig.devMode());
        assertEquals(8123, config.httpPort());
        assertEquals(-1, config.tcpPort());
        assertEquals(77, config.standardQueueLimit());
    }

    @Test
    void shouldNotStartWhenHistoryPerRoomTimesMessageSizeIsMoreThanARoomsLogHolds(@TempDir final Path dataDir)
    {
        final CliRunner.Result result = CliRunner.run("server", "--data-dir", dataDir.toString(), "--port", "0", "--tcp-port", "-1",
            "--history-per-room", "1000", "--max-message-bytes", "1048576");

        assertEquals(2, result.exitCode(), result.toString());
        assertFalse(Files.exists(dataDir.resolve("journal")), "refused before the engine opened a journal");
    }
}
