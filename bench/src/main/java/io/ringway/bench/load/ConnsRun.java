package io.ringway.bench.load;

import io.netty.channel.ChannelFuture;
import org.HdrHistogram.Recorder;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The conns scenario: measure the server, open C connections at a bounded rate (each one
 * identifies itself and joins a room), hold them idle for the settle period, measure the server
 * again, close everything. Every phase is bounded; a watchdog halts the JVM if something still
 * hangs well after the bound.
 */
public final class ConnsRun
{
    /** Closing every connection at the end must finish within this. */
    static final long CLOSE_PHASE_MS = 10_000;
    /** How often the open phase prints progress. */
    static final long PROGRESS_EVERY_NS = TimeUnit.SECONDS.toNanos(2);

    private final ConnsConfig config;
    private final Consumer<String> progress;

    private final Recorder openLatency = new Recorder(DeliveryTracker.HIGHEST_TRACKABLE_NS, DeliveryTracker.SIGNIFICANT_DIGITS);
    private final Recorder joinLatency = new Recorder(DeliveryTracker.HIGHEST_TRACKABLE_NS, DeliveryTracker.SIGNIFICANT_DIGITS);
    private final LongAdder opened = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAccumulator lastAckNs = new LongAccumulator(Math::max, Long.MIN_VALUE);

    public ConnsRun(final ConnsConfig config, final Consumer<String> progress)
    {
        this.config = config;
        this.progress = progress;
    }

    public ConnsResult execute()
    {
        final ConnsResult result = new ConnsResult();
        result.config = config;
        final long jcmdBoundS = 4 * ServerFootprint.JCMD_TIMEOUT_S * (config.serverPid() > 0 ? 1 : 0);
        final long boundS = config.openTimeoutS() + config.settleS() + jcmdBoundS + TimeUnit.MILLISECONDS.toSeconds(CLOSE_PHASE_MS) + 30;
        final Thread watchdog = LoadRun.startWatchdog(System.nanoTime() + TimeUnit.SECONDS.toNanos(boundS));
        try
        {
            checkFileLimits(result);
            if (config.serverPid() > 0)
            {
                progress.accept("measuring the server before: RSS" + (ProcInfo.isJvm(config.serverPid()) ? ", jcmd GC.run + GC.heap_info" : "") + " ...");
                result.before = ServerFootprint.take(config.serverPid());
            }
            final ConnsTracker tracker = new ConnsTracker();
            final List<LoadConnection> connections = new ArrayList<>(config.connections());
            try (LoadClient client = new LoadClient(config.target(), config.ioThreads(), tracker))
            {
                try
                {
                    openAll(client, connections, result);
                    settle(result, connections);
                    result.held = countOpen(connections);
                    if (config.serverPid() > 0)
                    {
                        progress.accept(String.format("measuring the server with %,d connections open ...", result.held));
                        result.after = ServerFootprint.take(config.serverPid());
                    }
                }
                finally
                {
                    progress.accept("closing " + connections.size() + " connection(s) ...");
                    closeAll(connections);
                }
            }
            result.errors = tracker.errors();
            result.earlyCloses = tracker.earlyCloses();
            result.unexpectedMessages = tracker.unexpectedMessages();
        }
        finally
        {
            watchdog.interrupt();
        }
        result.openLatencyNs = openLatency.getIntervalHistogram();
        result.joinLatencyNs = joinLatency.getIntervalHistogram();
        return result;
    }

    /** Refuses a run the client cannot hold; warns when the server will run out of descriptors first. */
    private void checkFileLimits(final ConnsResult result)
    {
        final String error = FdHeadroom.clientError(config.connections(), ProcInfo.openFilesLimit("self"), ProcInfo.openFiles("self"));
        if (error != null)
        {
            throw new IllegalArgumentException(error);
        }
        if (config.serverPid() > 0)
        {
            final String proc = Long.toString(config.serverPid());
            final String warning = FdHeadroom.serverWarning(config.connections(), config.serverPid(),
                ProcInfo.openFilesLimit(proc), ProcInfo.openFiles(proc));
            if (warning != null)
            {
                result.warnings.add(warning);
                progress.accept("WARNING: " + warning);
            }
        }
    }

    private void openAll(final LoadClient client, final List<LoadConnection> connections, final ConnsResult result)
    {
        final LoadMessages[] rooms = new LoadMessages[config.rooms()];
        for (int r = 0; r < rooms.length; r++)
        {
            rooms[r] = new LoadMessages(config.room(r), 0, config.target().transport().wire());
        }
        final InetAddress[] sources = sourceAddresses(config.sourceAddresses());
        progress.accept(String.format("opening %,d connection(s) to %s over %s at up to %,d/s from %d source address(es), %d room(s) ...",
            config.connections(), config.target().describe(), config.target().transport(), config.openRate(), sources.length, rooms.length));

        final long startNs = System.nanoTime();
        final long deadlineNs = startNs + TimeUnit.SECONDS.toNanos(config.openTimeoutS());
        final RateSchedule schedule = new RateSchedule(startNs, config.openRate());
        final Semaphore inFlight = new Semaphore(config.connectConcurrency());
        long nextProgressNs = startNs + PROGRESS_EVERY_NS;
        for (int i = 0; i < config.connections(); i++)
        {
            final long dueNs = schedule.dueNs(i);
            if (dueNs - deadlineNs > 0 || !acquire(inFlight, deadlineNs, dueNs))
            {
                abort(result, String.format("the open phase reached its bound (%d s) after %,d of %,d connections were started",
                    config.openTimeoutS(), i, config.connections()));
                break;
            }
            final long connectNs = System.nanoTime();
            final LoadConnection connection = client.open(config.runTag() + "-c" + i, rooms[i % rooms.length], false, sources[i % sources.length]);
            connections.add(connection);
            connection.joined().whenComplete((joined, failure) ->
            {
                inFlight.release();
                if (failure == null)
                {
                    opened.increment();
                    openLatency.recordValue(DeliveryTracker.clamp(joined.joinAckNs() - connectNs));
                    joinLatency.recordValue(DeliveryTracker.clamp(joined.joinAckNs() - joined.joinSentNs()));
                    lastAckNs.accumulate(joined.joinAckNs());
                }
                else
                {
                    failures.computeIfAbsent(FailureReasons.classify(failure), k -> new LongAdder()).increment();
                }
            });
            if (System.nanoTime() - nextProgressNs > 0)
            {
                nextProgressNs += PROGRESS_EVERY_NS;
                progress.accept(String.format("  started %,d, joined %,d, failed %,d", i + 1, opened.sum(), failedSoFar()));
            }
        }
        result.attempted = connections.size();
        awaitJoins(connections, deadlineNs, result);

        final long unanswered = connections.stream().filter(c -> !c.joined().isDone()).count();
        if (unanswered > 0)
        {
            failures.computeIfAbsent("no join ack within the open phase", k -> new LongAdder()).add(unanswered);
        }
        result.opened = opened.sum();
        result.failed = result.attempted - result.opened;
        result.failures = ConnsTracker.snapshot(failures);
        final long lastNs = lastAckNs.get();
        result.openPhaseS = lastNs == Long.MIN_VALUE ? 0 : (lastNs - startNs) / 1e9;
        result.openRateAchieved = result.openPhaseS > 0 ? result.opened / result.openPhaseS : 0;
        progress.accept(String.format("opened %,d of %,d in %.1f s (%,.0f/s), failed %,d",
            result.opened, config.connections(), result.openPhaseS, result.openRateAchieved, result.failed));
    }

    /** Waits for the due time, then for a free slot; false when the open phase's bound passes first. */
    private static boolean acquire(final Semaphore inFlight, final long deadlineNs, final long dueNs)
    {
        RateSchedule.awaitDue(dueNs, 0);
        try
        {
            return inFlight.tryAcquire(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitJoins(final List<LoadConnection> connections, final long deadlineNs, final ConnsResult result)
    {
        long nextProgressNs = System.nanoTime() + PROGRESS_EVERY_NS;
        for (final LoadConnection connection : connections)
        {
            while (!connection.joined().isDone())
            {
                final long now = System.nanoTime();
                if (now - deadlineNs > 0)
                {
                    abort(result, String.format("the open phase reached its bound (%d s) with joins still unanswered", config.openTimeoutS()));
                    return;
                }
                if (now - nextProgressNs > 0)
                {
                    nextProgressNs += PROGRESS_EVERY_NS;
                    progress.accept(String.format("  joined %,d, failed %,d, waiting for the rest ...", opened.sum(), failedSoFar()));
                }
                try
                {
                    connection.joined().get(Math.min(deadlineNs - now, PROGRESS_EVERY_NS), TimeUnit.NANOSECONDS);
                }
                catch (final Exception ex)
                {
                    if (ex instanceof InterruptedException)
                    {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    // failures are counted by the completion callback; timeouts loop
                }
            }
        }
    }

    /** Holds the connections idle; early closes are counted by the tracker meanwhile. */
    private void settle(final ConnsResult result, final List<LoadConnection> connections)
    {
        if (config.settleS() == 0)
        {
            return;
        }
        progress.accept(String.format("holding %,d connection(s) idle for %d s ...", countOpen(connections), config.settleS()));
        final long untilNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.settleS());
        long remaining;
        while ((remaining = untilNs - System.nanoTime()) > 0)
        {
            try
            {
                TimeUnit.NANOSECONDS.sleep(remaining);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                abort(result, "interrupted while settling");
                return;
            }
        }
    }

    private long failedSoFar()
    {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static long countOpen(final List<LoadConnection> connections)
    {
        return connections.stream().filter(c -> c.joined().isDone() && !c.joined().isCompletedExceptionally() && LoadClient.isOpen(c)).count();
    }

    private static void abort(final ConnsResult result, final String reason)
    {
        if (!result.aborted)
        {
            result.aborted = true;
            result.abortReason = reason;
        }
    }

    static InetAddress[] sourceAddresses(final int count)
    {
        final InetAddress[] addresses = new InetAddress[count];
        for (int i = 0; i < count; i++)
        {
            try
            {
                addresses[i] = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte)(i + 1)});
            }
            catch (final UnknownHostException ex)
            {
                throw new IllegalStateException(ex); // cannot happen for a 4-byte address
            }
        }
        return addresses;
    }

    private static void closeAll(final List<LoadConnection> connections)
    {
        final List<ChannelFuture> closing = new ArrayList<>(connections.size());
        for (final LoadConnection connection : connections)
        {
            final ChannelFuture future = connection.close();
            if (future != null)
            {
                closing.add(future);
            }
        }
        final long untilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_PHASE_MS);
        for (final ChannelFuture future : closing)
        {
            future.awaitUninterruptibly(Math.max(1, TimeUnit.NANOSECONDS.toMillis(untilNs - System.nanoTime())));
        }
    }
}
