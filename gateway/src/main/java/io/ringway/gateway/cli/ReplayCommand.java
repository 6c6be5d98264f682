package io.ringway.gateway.cli;

import io.ringway.engine.EngineConfig;
import io.ringway.engine.HistoryConfig;
import io.ringway.engine.logic.BusinessLogic;
import io.ringway.engine.logic.LogicSettings;
import io.ringway.engine.logic.OutboundSink;
import io.ringway.engine.logic.RoomLimits;
import io.ringway.engine.replay.JournalReplayer;
import io.ringway.engine.replay.ReplayResult;
import io.ringway.engine.replay.SnapshotRecovery;
import io.ringway.journal.Journal;
import io.ringway.journal.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ringway replay}: re-run the business logic over a journal offline and print the outbound digest;
 * with {@code --room} / {@code --user}, also the state of that room or user where the replay stopped.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {
        "Replay a journal through the business logic offline; print commands replayed and the outbound digest.",
        "With --room or --user, also print that room's members and message seq, or that user's sessions, rooms and " +
            "pending direct messages, as they were at --to.",
        "The replay is a full one, from the first record: it is the check. --from-snapshot starts from the newest usable " +
            "snapshot instead, as the server does, and replays only the journal after it.",
        "The journal records the settings the server ran with (ENGINE_SETTINGS), so no flags are needed: the limit and history " +
            "flags only set what applies before a journal's first ENGINE_SETTINGS (journals from before it was recorded)."})
final class ReplayCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "data", description = "Data directory holding journal/ (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--to", defaultValue = "" + Long.MAX_VALUE, description = "Stop after this engine sequence (default: the end).")
    long toSequence;

    @Option(names = "--inbox-limit", defaultValue = "10000", description = "Before the journal's first ENGINE_SETTINGS only, as the limit and history flags (default: ${DEFAULT-VALUE}).")
    int inboxLimit;

    @Mixin
    RoomLimitOptions roomLimits;
    @Mixin
    HistoryOptions history;
    @Option(names = "--from-snapshot", description = "Start from the newest usable snapshot in <data-dir>/snapshots (not with --to).")
    boolean fromSnapshot;

    @Option(names = "--room", paramLabel = "NAME", description = "Print this room's state after the replay (repeatable).")
    List<String> rooms;

    @Option(names = "--user", paramLabel = "NAME", description = "Print this user's state after the replay (repeatable).")
    List<String> users;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final Path journalDir = EngineConfig.defaults(dataDir).journalDirectory();
        if (!Files.isDirectory(journalDir))
        {
            spec.commandLine().getErr().println("ringway replay: no journal at " + journalDir.toAbsolutePath());
            return 2;
        }
        if (fromSnapshot && toSequence != Long.MAX_VALUE)
        {
            spec.commandLine().getErr().println("ringway replay: --from-snapshot replays to the end: it does not take --to");
            return 2;
        }
        final RoomLimits limits;
        final HistoryConfig historyConfig;
        try
        {
            limits = roomLimits.toLimits();
            historyConfig = history.toConfig();
        }
        catch (final IllegalArgumentException ex)
        {
            spec.commandLine().getErr().println("ringway replay: " + ex.getMessage());
            return 2;
        }
        final LogicSettings initial = new LogicSettings(inboxLimit, limits, historyConfig);
        if (!initial.equals(LogicSettings.DEFAULTS))
        {
            // A journal written since settings were journaled starts under the defaults: flags would make it diverge.
            spec.commandLine().getErr().println("ringway replay: WARNING: the limit and history flags set the settings before the "
                + "journal's first ENGINE_SETTINGS only: right for a journal from before Ringway journaled its settings, wrong for "
                + "one written since, which starts under the defaults (replay it without them)");
        }
        final long startNs = System.nanoTime();
        final java.util.function.Supplier<BusinessLogic> freshLogic = () -> new BusinessLogic(OutboundSink.DISCARD, inboxLimit,
            limits, historyConfig);
        final BusinessLogic logic;
        final ReplayResult result;
        long snapshotSeq = 0;
        try (Journal journal = Journal.openForReading(journalDir))
        {
            if (fromSnapshot)
            {
                final SnapshotStore store = new SnapshotStore(EngineConfig.defaults(dataDir).snapshotDirectory(), Integer.MAX_VALUE);
                final SnapshotRecovery.Recovered recovered = SnapshotRecovery.recover(journal, store,
                    freshLogic, warning -> spec.commandLine().getErr().println("ringway replay: " + warning));
                logic = recovered.logic();
                result = recovered.replay();
                snapshotSeq = recovered.snapshotSequence();
            }
            else
            {
                logic = freshLogic.get();
                result = new JournalReplayer(logic, toSequence).replay(journal);
            }
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        if (fromSnapshot)
        {
            out.println("from_snapshot_seq: " + snapshotSeq);
        }
        out.println("commands: " + result.commands());
        out.println("last_seq: " + result.lastSequence());
        out.println("digest: " + result.digestHex());
        out.printf("elapsed_s: %.3f (%.0f commands/s)%n", seconds, result.commands() / Math.max(seconds, 1e-9));

        // Queried after the digest is printed and the replay is over: looking at state never feeds back into it.
        final ReplayStateReport report = new ReplayStateReport(out, result.lastSequence());
        for (final String room : orNone(rooms))
        {
            report.room(room, logic.describeRoom(room));
        }
        for (final String user : orNone(users))
        {
            report.user(user, logic.describeUser(user));
        }
        out.flush();
        return 0;
    }

    /** picocli leaves a repeatable option null when it is not given. */
    private static List<String> orNone(final List<String> names)
    {
        return names == null ? List.of() : names;
    }
}
