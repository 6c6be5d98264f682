package io.ringway.bench.jmh;

import io.ringway.journal.Journal;
import io.ringway.journal.JournalAppender;
import io.ringway.journal.JournalPretoucher;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One Chronicle Queue append of a 144-byte journal record (a room publish with 100 bytes of
 * data), as the journaller does it. SampleTime mode reports percentiles. With
 * {@code journalPretouch} the journal's pretoucher runs on a thread of its own, as in the server,
 * so the appends no longer take the first-touch page faults of fresh journal pages.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JournalBenchmark extends JvmFlags
{
    private Path directory;
    private Journal journal;
    private JournalAppender appender;
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[124]);
    private long sequence;
    private static final int BATCH = 16;

    @Param({"true", "false"})
    public boolean journalPretouch;
    private AgentRunner pretoucher;

    @Setup(Level.Trial)
    public void open() throws IOException
    {
        directory = Files.createTempDirectory("ringway-jmh-journal");
        journal = Journal.open(directory);
        appender = journal.appender();
        if (journalPretouch)
        {
            pretoucher = new AgentRunner(JournalPretoucher.newIdleStrategy(), Throwable::printStackTrace, null, journal.pretoucher());
            AgentRunner.startOnThread(pretoucher);
        }
    }

    @Benchmark
    public long append()
    {
        appender.append(++sequence, 1_795_316_525_015L, command, 0, command.capacity());
        return sequence;
    }

    /**
     * Sixteen commands to one document, as the journaller writes a ring batch under load; the
     * score is per command (16 operations per call).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long appendBatchOf16()
    {
        for (int i = 0; i < BATCH; i++)
        {
            appender.add(++sequence, 1_795_316_525_015L, command, 0, command.capacity());
        }
        appender.commit();
        return sequence;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException
    {
        CloseHelper.quietClose(pretoucher);
        appender.close();
        journal.close();
        BenchFiles.deleteTree(directory);
    }
}
