package io.ringway.bench.jmh;

import io.ringway.engine.Engine;
import io.ringway.engine.EngineConfig;
import io.ringway.engine.IdleStrategyKind;
import io.ringway.engine.link.EngineLink;
import io.ringway.engine.link.OutboundDelivery;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
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
 * The whole engine in process, no network: room publishes offered onto the inbound ring, stamped
 * and appended to a real Chronicle journal, applied by the business logic, and the resulting
 * ROOM_MESSAGE (10 recipients) and ACK events delivered to a gateway listener. The score is
 * publishes per second sustained end to end (the ring applies back-pressure, so offers cannot
 * outrun the pipeline by more than one ring).
 *
 * <p>After each iteration it prints the CPU time each pipeline thread spent per publish (thread
 * CPU clocks, waiting and spinning included). Their sum bounds what the machine can do: with N
 * cores, no wiring of these threads goes faster than N / (sum of CPU per publish).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EnginePipelineBenchmark extends JvmFlags
{
    @Param({"BLOCKING", "BACKOFF", "YIELDING"})
    public IdleStrategyKind idleStrategy;

    /** BACKOFF's phases, as the server's --backoff-spin-us and --backoff-yield-us. */
    @Param({"2"})
    public long backoffSpinUs;

    @Param({"0"})
    public long backoffYieldUs;

    /** As the server's --engine-threads: 2 (journaller, then logic) or 1 (one thread journals a batch, then applies it). */
    @Param({"2"})
    public int engineThreads;

    /** As the server's --outbound-delivery: the listener on its own thread behind a ring, or called by the logic thread. */
    @Param({"RING", "DIRECT"})
    public OutboundDelivery outboundDelivery;

    /** As the server's --journal-pretouch: pages ahead of the journal's writes read by a thread of their own. */
    @Param({"true"})
    public boolean journalPretouch;

    private Path directory;
    private Engine engine;
    private EngineLink link;
    private final PublishTally tally = new PublishTally();
    private final UnsafeBuffer publish = new UnsafeBuffer(new byte[256]);
    private int publishLength;

    @Setup(Level.Trial)
    public void start() throws IOException
    {
        directory = Files.createTempDirectory("ringway-jmh-engine");
        engine = Engine.start(new EngineConfig(directory, 4096, 16384, idleStrategy, 10_000,
            TimeUnit.MICROSECONDS.toNanos(backoffSpinUs), TimeUnit.MICROSECONDS.toNanos(backoffYieldUs), engineThreads)
            .withJournalPretouch(journalPretouch));
        link = engine.connectInProcess(1, tally::onEvent, outboundDelivery);

        TenMemberRoom.open(link);
        publishLength = TenMemberRoom.publish(publish, 1);
    }

    @Benchmark
    public long publishToTenMemberRoom()
    {
        while (!link.offer(publish, 0, publishLength))
        {
            Thread.yield(); // ring full: give the core to the engine threads (2 cores, 4 busy threads)
        }
        return tally.offered();
    }

    @Setup(Level.Iteration)
    public void startIteration()
    {
        tally.startIteration();
    }

    /** Not timed: lets the pipeline finish what this iteration offered, so the next starts clean. */
    @TearDown(Level.Iteration)
    public void drain()
    {
        tally.awaitDeliveredAndReport(TimeUnit.SECONDS.toNanos(60), "from the engine");
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException
    {
        engine.close();
        BenchFiles.deleteTree(directory);
    }
}
