package io.ringway.bench.replay;

import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.logic.BusinessLogic;
import io.ringway.engine.logic.OutboundSink;
import io.ringway.engine.replay.JournalReplayer;
import io.ringway.engine.replay.ReplayResult;
import io.ringway.engine.replay.SnapshotRecovery;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalAppender;
import io.ringway.journal.JournalReader;
import io.ringway.journal.snapshot.SnapshotHeader;
import io.ringway.journal.snapshot.SnapshotStore;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code bin/ringway bench replay}: how fast the engine rebuilds its state from the journal, the
 * cost of every restart. Writes a journal of N commands in the engine's own record format (users
 * connect, join rooms, then publish round-robin), then replays it R times into a fresh
 * {@link BusinessLogic} exactly as {@code Engine.start} does, timing each pass. Every pass must
 * end on the same digest; a difference is reported as a failure, since replay is meant to be
 * deterministic.
 */
@Command(name = "ringway bench replay", mixinStandardHelpOptions = true,
    description = {
        "Journal replay speed: write a journal of --commands commands (sessions, joins, then room",
        "publishes), then replay it --runs times into fresh engine state, as a restart does.",
        "With --snapshot-tail N, also snapshot the state N commands before the end and time --runs",
        "start-ups from that snapshot plus the N-command tail (and the snapshot's serialization pause)."})
public final class ReplayBenchmarkMain implements Callable<Integer>
{
    @Option(names = "--commands", defaultValue = "10000000", description = "Commands in the journal. Default: ${DEFAULT-VALUE}")
    long commands;

    @Option(names = "--rooms", defaultValue = "100", description = "Rooms. Default: ${DEFAULT-VALUE}")
    int rooms;

    @Option(names = "--members", defaultValue = "10", description = "Members (sessions) per room. Default: ${DEFAULT-VALUE}")
    int members;

    @Option(names = "--payload-bytes", defaultValue = "100", description = "Bytes of data per publish. Default: ${DEFAULT-VALUE}")
    int payloadBytes;

    @Option(names = "--runs", defaultValue = "3", description = "Replay passes over the same journal. Default: ${DEFAULT-VALUE}")
    int runs;

    @Option(names = "--snapshot-tail", defaultValue = "0",
        description = "Also time recovery from a snapshot this many commands before the end; 0: no. Default: ${DEFAULT-VALUE}")
    long snapshotTail;

    @Option(names = "--dir", description = "Journal directory (default: a temp directory, deleted afterwards)")
    Path dir;

    @Option(names = "--out", description = "Results directory (default: bench/results under the repository)")
    Path out;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new ReplayBenchmarkMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException
    {
        final PrintStream log = System.out;
        if (commands < 1 || rooms < 1 || members < 1 || runs < 1 || payloadBytes < 0)
        {
            throw new CommandLine.ParameterException(new CommandLine(this), "counts must be positive");
        }
        final boolean temporary = dir == null;
        final Path journalDir = temporary ? Files.createTempDirectory("ringway-replay-bench") : dir;
        try
        {
            final long writeNanos;
            try (Journal journal = Journal.open(journalDir))
            {
                if (journal.lastSequence() != 0)
                {
                    throw new CommandLine.ParameterException(new CommandLine(this), journalDir + " already holds a journal");
                }
                final long start = System.nanoTime();
                new JournalWriter(rooms, members, payloadBytes).write(journal, commands);
                writeNanos = System.nanoTime() - start;
            }
            final long journalBytes = sizeOf(journalDir);
            log.printf(Locale.ROOT, "ringway bench replay: wrote %,d commands (%,d MB) in %.2f s (%,.0f appends/s)%n",
                commands, journalBytes >> 20, writeNanos / 1e9, commands / (writeNanos / 1e9));

            final List<Pass> passes = new ArrayList<>();
            for (int run = 1; run <= runs; run++)
            {
                final Pass pass = replayOnce(journalDir);
                passes.add(pass);
                log.printf(Locale.ROOT, "ringway bench replay: pass %d: %,d commands in %.2f s = %,.0f commands/s, digest %016x%n",
                    run, pass.result.commands(), pass.nanos / 1e9, pass.commandsPerSecond(), pass.result.digest());
            }
            boolean deterministic = passes.stream().map(p -> p.result.digest()).distinct().count() == 1;
            final double[] rates = passes.stream().mapToDouble(Pass::commandsPerSecond).sorted().toArray();
            final double median = rates[rates.length / 2];
            String markdown = markdown(journalBytes, writeNanos, passes, median, deterministic);
            if (snapshotTail > 0)
            {
                final String fromSnapshot = fromSnapshot(journalDir, passes.get(0).result.digest(), passes, log);
                deterministic &= fromSnapshot != null;
                markdown += fromSnapshot == null ? "\nFrom a snapshot: FAILED, the digest differs from the full replay's.\n" : fromSnapshot;
            }
            final Path results = writeResults(markdown, json(journalBytes, writeNanos, passes, median, deterministic));
            log.println();
            log.print(markdown);
            log.println("ringway bench replay: wrote summary.md, summary.json to " + results);
            if (!deterministic)
            {
                log.println("ringway bench replay: FAILED: the passes ended on different digests");
                return 1;
            }
            return 0;
        }
        finally
        {
            if (temporary)
            {
                deleteRecursively(journalDir);
            }
        }
    }

    /** Snapshot at {@code commands - snapshotTail}, then start-ups from it; null when a digest differs from the full replay's. */
    private String fromSnapshot(final Path journalDir, final long fullDigest, final List<Pass> full, final PrintStream log)
        throws IOException
    {
        final Path snapshots = Files.createTempDirectory("ringway-replay-bench-snapshots");
        try (Journal journal = Journal.openForReading(journalDir))
        {
            final long at = Math.max(1, commands - snapshotTail);
            final BusinessLogic state = new BusinessLogic(OutboundSink.DISCARD, 10_000);
            final ReplayResult prefix;
            final long journalIndex;
            try (JournalReader reader = journal.reader())
            {
                prefix = new JournalReplayer(state, at).replay(reader);
                journalIndex = reader.documentIndex();
            }
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 20);
            long pauseNanos = Long.MAX_VALUE;
            int length = 0;
            for (int i = 0; i < 3; i++) // the logic thread's pause; the first pass also grows the buffer
            {
                final long start = System.nanoTime();
                length = state.writeSnapshot(buffer, 0);
                pauseNanos = Math.min(pauseNanos, System.nanoTime() - start);
            }
            final SnapshotStore store = new SnapshotStore(snapshots, 1);
            final long writeStart = System.nanoTime();
            store.write(new SnapshotHeader(BusinessLogic.snapshotFormatVersion(), prefix.lastSequence(), prefix.lastTimestampMs(),
                journal.firstTimestampMs(), journalIndex), buffer.byteArray(), 0, length);
            final long writeNanos = System.nanoTime() - writeStart;
            log.printf(Locale.ROOT, "ringway bench replay: snapshot at seq %,d: %,d users, %,d rooms, %,d sessions, %,d bytes; "
                + "serialized in %.1f ms (best of 3), written + fsynced in %.1f ms%n", prefix.lastSequence(), state.userCount(),
                state.roomCount(), state.sessionCount(), length, pauseNanos / 1e6, writeNanos / 1e6);

            final List<Long> nanos = new ArrayList<>();
            for (int run = 1; run <= runs; run++)
            {
                final long start = System.nanoTime();
                final SnapshotRecovery.Recovered recovered = SnapshotRecovery.recover(journal, store,
                    () -> new BusinessLogic(OutboundSink.DISCARD, 10_000), warning -> log.println("ringway bench replay: " + warning));
                final long elapsed = System.nanoTime() - start;
                nanos.add(elapsed);
                log.printf(Locale.ROOT, "ringway bench replay: from snapshot %d: seq %,d + %,d commands in %.3f s, digest %016x%n",
                    run, recovered.snapshotSequence(), recovered.replay().commands(), elapsed / 1e9, recovered.replay().digest());
                if (recovered.replay().digest() != fullDigest || recovered.snapshotSequence() != prefix.lastSequence())
                {
                    return null;
                }
            }
            final long medianNanos = nanos.stream().sorted().toList().get(nanos.size() / 2);
            final long fullMedianNanos = full.stream().map(Pass::nanos).sorted().toList().get(full.size() / 2);
            return String.format(Locale.ROOT, "%nFrom a snapshot at seq %,d (%,d users, %,d rooms, %,d sessions, %,d bytes; "
                + "serialization pause %.1f ms, write + fsync %.1f ms) + the %,d-command tail: start-up %s s, median **%.3f s** "
                + "vs %.2f s for the full replay; same digest as the full replay.%n",
                prefix.lastSequence(), state.userCount(), state.roomCount(), state.sessionCount(), length, pauseNanos / 1e6,
                writeNanos / 1e6, commands - prefix.lastSequence(),
                nanos.stream().map(n -> String.format(Locale.ROOT, "%.3f", n / 1e9)).toList(), medianNanos / 1e9,
                fullMedianNanos / 1e9);
        }
        finally
        {
            deleteRecursively(snapshots);
        }
    }

    private Pass replayOnce(final Path journalDir)
    {
        try (Journal journal = Journal.openForReading(journalDir))
        {
            final BusinessLogic logic = new BusinessLogic(OutboundSink.DISCARD, 10_000);
            final long start = System.nanoTime();
            final ReplayResult result = new JournalReplayer(logic, Long.MAX_VALUE).replay(journal);
            return new Pass(result, System.nanoTime() - start);
        }
    }

    private String markdown(final long journalBytes, final long writeNanos, final List<Pass> passes, final double median,
        final boolean deterministic)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# Journal replay\n\n");
        md.append(String.format(Locale.ROOT, "%,d commands (%d rooms x %d members, %d-byte payloads), journal %,d MB, "
            + "written at %,.0f appends/s.%n%n", commands, rooms, members, payloadBytes, journalBytes >> 20,
            commands / (writeNanos / 1e9)));
        md.append("| pass | seconds | commands/s | digest |\n| --- | ---: | ---: | --- |\n");
        for (int i = 0; i < passes.size(); i++)
        {
            final Pass pass = passes.get(i);
            md.append(String.format(Locale.ROOT, "| %d | %.2f | %,.0f | %016x |%n",
                i + 1, pass.nanos / 1e9, pass.commandsPerSecond(), pass.result.digest()));
        }
        md.append(String.format(Locale.ROOT, "%nMedian: **%,.0f commands/s**. Deterministic (same digest every pass): %s.%n",
            median, deterministic ? "yes" : "NO"));
        return md.toString();
    }

    private String json(final long journalBytes, final long writeNanos, final List<Pass> passes, final double median,
        final boolean deterministic)
    {
        final StringBuilder json = new StringBuilder();
        json.append(String.format(Locale.ROOT, "{\"scenario\":\"replay\",\"commands\":%d,\"rooms\":%d,\"members\":%d,"
            + "\"payloadBytes\":%d,\"journalBytes\":%d,\"appendsPerSecond\":%.0f,\"passes\":[",
            commands, rooms, members, payloadBytes, journalBytes, commands / (writeNanos / 1e9)));
        for (int i = 0; i < passes.size(); i++)
        {
            final Pass pass = passes.get(i);
            json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                "{\"seconds\":%.3f,\"commandsPerSecond\":%.0f,\"digest\":\"%016x\"}",
                pass.nanos / 1e9, pass.commandsPerSecond(), pass.result.digest()));
        }
        json.append(String.format(Locale.ROOT, "],\"medianCommandsPerSecond\":%.0f,\"deterministic\":%s}%n", median, deterministic));
        return json.toString();
    }

    private Path writeResults(final String markdown, final String json) throws IOException
    {
        final Path base = out != null ? out : Path.of(System.getProperty("ringway.root", "."), "bench", "results");
        final Path results = base.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-replay");
        Files.createDirectories(results);
        Files.writeString(results.resolve("summary.md"), markdown);
        Files.writeString(results.resolve("summary.json"), json);
        return results.toAbsolutePath().normalize();
    }

    private static long sizeOf(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.walk(directory))
        {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.walk(directory))
        {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private record Pass(ReplayResult result, long nanos)
    {
        double commandsPerSecond()
        {
            return result.commands() / (nanos / 1e9);
        }
    }

    /**
     * Writes the benchmark's journal directly with the engine's appender: the same records the
     * journaller writes, without the ring in front, so writing 10 million takes seconds. One
     * gateway; session {@code r * members + m + 1} is member {@code m} of room {@code r}.
     */
    static final class JournalWriter
    {
        private static final int GATEWAY = 1;

        private final int rooms;
        private final int members;
        private final UnsafeBuffer command = new UnsafeBuffer(new byte[64 * 1024]);
        private final UnsafeBuffer[] roomNames;
        private final UnsafeBuffer data;
        private long sequence;

        JournalWriter(final int rooms, final int members, final int payloadBytes)
        {
            this.rooms = rooms;
            this.members = members;
            roomNames = new UnsafeBuffer[rooms];
            for (int r = 0; r < rooms; r++)
            {
                roomNames[r] = ascii("room-" + r);
            }
            final byte[] payload = new byte[payloadBytes];
            Arrays.fill(payload, (byte)'x');
            if (payloadBytes >= 12)
            {
                final byte[] head = "{\"pad\":\"".getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(head, 0, payload, 0, head.length);
                payload[payloadBytes - 2] = '"';
                payload[payloadBytes - 1] = '}';
            }
            data = new UnsafeBuffer(payload);
        }

        void write(final Journal journal, final long total)
        {
            try (JournalAppender appender = journal.appender())
            {
                final long timestampMs = 1_700_000_000_000L;
                append(appender, timestampMs, LinkCommandEncoder.encodeEmpty(command, 0, LinkType.GATEWAY_RESET, GATEWAY, 0), total);
                for (int r = 0; r < rooms && sequence < total; r++)
                {
                    for (int m = 0; m < members && sequence < total; m++)
                    {
                        final long session = (long)r * members + m + 1;
                        final UnsafeBuffer user = ascii("user-" + session);
                        append(appender, timestampMs, LinkCommandEncoder.encode(command, 0, LinkType.SESSION_OPEN, GATEWAY, session,
                            null, 0, 0, user, 0, user.capacity(), null, 0, 0), total);
                        append(appender, timestampMs, LinkCommandEncoder.encode(command, 0, LinkType.JOIN, GATEWAY, session,
                            null, 0, 0, roomNames[r], 0, roomNames[r].capacity(), null, 0, 0), total);
                    }
                }
                for (long i = 0; sequence < total; i++)
                {
                    final int r = (int)(i % rooms);
                    final long session = (long)r * members + (i / rooms) % members + 1;
                    final UnsafeBuffer room = roomNames[r];
                    // one journal millisecond per 1000 commands: time moves, as it does in a real journal
                    append(appender, timestampMs + sequence / 1000, LinkCommandEncoder.encode(command, 0, LinkType.PUBLISH, GATEWAY, session,
                        null, 0, 0, room, 0, room.capacity(), data, 0, data.capacity()), total);
                }
            }
        }

        private void append(final JournalAppender appender, final long timestampMs, final int length, final long total)
        {
            if (sequence < total)
            {
                sequence++;
                appender.append(sequence, timestampMs, command, 0, length);
            }
        }

        private static UnsafeBuffer ascii(final String text)
        {
            return new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
