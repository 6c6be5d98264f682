package io.ringway.gateway.cli;

import io.ringway.engine.EngineConfig;
import io.ringway.engine.logic.BusinessLogic;
import io.ringway.engine.logic.OutboundSink;
import io.ringway.engine.replay.JournalReplayer;
import io.ringway.engine.replay.ReplayResult;
import io.ringway.journal.Journal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ringway replay}: re-run the business logic over a journal offline and print the outbound digest. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay a journal through the business logic offline; print commands replayed and the outbound digest.")
final class ReplayCommand implements Callable<Integer>
{
    @Option(names = "--data-dir", defaultValue = "data", description = "Data directory holding journal/ (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--to", defaultValue = "" + Long.MAX_VALUE, description = "Stop after this engine sequence (default: the end).")
    long toSequence;

    @Option(names = "--inbox-limit", defaultValue = "10000", description = "Must match the server's --inbox-limit (default: ${DEFAULT-VALUE}).")
    int inboxLimit;

    @Override
    public Integer call()
    {
        final Path journalDir = EngineConfig.defaults(dataDir).journalDirectory();
        if (!Files.isDirectory(journalDir))
        {
            System.err.println("ringway replay: no journal at " + journalDir.toAbsolutePath());
            return 2;
        }
        final long startNs = System.nanoTime();
        final ReplayResult result;
        try (Journal journal = Journal.openForReading(journalDir))
        {
            result = new JournalReplayer(new BusinessLogic(OutboundSink.DISCARD, inboxLimit), toSequence).replay(journal);
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        System.out.println("commands: " + result.commands());
        System.out.println("last_seq: " + result.lastSequence());
        System.out.println("digest: " + result.digestHex());
        System.out.printf("elapsed_s: %.3f (%.0f commands/s)%n", seconds, result.commands() / Math.max(seconds, 1e-9));
        return 0;
    }
}
