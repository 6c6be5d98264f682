package io.ringway.bench.load;

import io.netty.channel.ChannelFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs one scenario end to end: connect and join every client, send at a constant rate from a
 * dedicated thread (warm-up, then the measured part), wait a grace period for stragglers, close
 * everything and return the numbers. Bounded: everything stops by warm-up + duration + 30 s, and
 * a watchdog halts the JVM a few seconds after that if something still hangs.
 */
public final class LoadRun
{
    /** Connecting and joining every client must finish within this (and within the run's bound). */
    static final long CONNECT_PHASE_NS = TimeUnit.SECONDS.toNanos(20);
    /** The first message is due this long after the clock starts. */
    static final long START_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The watchdog halts the JVM this long after the bound if the run has not returned. */
    static final long WATCHDOG_GRACE_NS = TimeUnit.SECONDS.toNanos(10);

    private final RunConfig config;
    private final Consumer<String> progress;

    public LoadRun(final RunConfig config, final Consumer<String> progress)
    {
        this.config = config;
        this.progress = progress;
    }

    public RunResult execute()
    {
        final long startNs = System.nanoTime();
        final long boundNs = startNs + config.boundNs();
        final Thread watchdog = startWatchdog(boundNs + WATCHDOG_GRACE_NS);
        final RunResult result = new RunResult();
        result.config = config;
        final DeliveryTracker tracker = new DeliveryTracker(config.totalMessages(), config.warmupMessages());
        final LoadMessages messages = new LoadMessages(config.room(), config.payloadBytes(), config.target().transport().wire());
        final List<LoadConnection> connections = new ArrayList<>();
        try (LoadClient client = new LoadClient(config.target(), config.ioThreads(), tracker))
        {
            try
            {
                final LoadConnection publisher = connectAll(client, messages, connections, Math.min(startNs + CONNECT_PHASE_NS, boundNs));
                traffic(result, tracker, publisher, boundNs);
            }
            finally
            {
                closeAll(connections);
            }
        }
        finally
        {
            watchdog.interrupt();
        }
        collect(result, tracker);
        return result;
    }

    private LoadConnection connectAll(
        final LoadClient client, final LoadMessages messages, final List<LoadConnection> connections, final long deadlineNs)
    {
        final boolean rtt = config.scenario() == Scenario.RTT;
        progress.accept(String.format("connecting %d client(s) to %s over %s ...",
            rtt ? 1 : config.subscribers() + 1, describeEndpoints(), config.target().transport()));

        // the publisher first: an unreachable server fails fast with one clear message
        final LoadConnection publisher = await(client.connect(config.runTag() + "-pub", messages, rtt), deadlineNs, "publisher");
        connections.add(publisher);
        if (rtt)
        {
            return publisher;
        }

        final Semaphore inFlight = new Semaphore(config.connectConcurrency());
        final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        final List<CompletableFuture<LoadConnection>> pending = new ArrayList<>();
        for (int i = 0; i < config.subscribers(); i++)
        {
            try
            {
                if (!inFlight.tryAcquire(remainingNs(deadlineNs), TimeUnit.NANOSECONDS))
                {
                    throw new LoadException("timed out connecting subscribers (" + i + " of " + config.subscribers() + " started)");
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new LoadException("interrupted while connecting", ex);
            }
            if (firstFailure.get() != null)
            {
                break;
            }
            final CompletableFuture<LoadConnection> joined =
                client.open(config.runTag() + "-s" + i, messages, true, null, config.subscriberTarget(i)).joined();
            joined.whenComplete((connection, failure) ->
            {
                if (failure != null)
                {
                    firstFailure.compareAndSet(null, failure);
                }
                inFlight.release();
            });
            pending.add(joined);
        }
        for (int i = 0; i < pending.size(); i++)
        {
            connections.add(await(pending.get(i), deadlineNs, "subscriber " + i));
        }
        return publisher;
    }

    private String describeEndpoints()
    {
        if (config.subscriberTargets().isEmpty())
        {
            return config.target().describe();
        }
        return config.target().describe() + " (publisher), subscribers spread over it and " + config.subscriberTargets();
    }

    private void traffic(final RunResult result, final DeliveryTracker tracker, final LoadConnection publisher, final long boundNs)
    {
        final RateSchedule schedule = new RateSchedule(System.nanoTime() + START_DELAY_NS, config.rate(), config.warmupRampNs());
        final ConstantRateSender sender = new ConstantRateSender(publisher, tracker, schedule, boundNs, RateSchedule.DEFAULT_SPIN_NS);
        final Thread senderThread = new Thread(sender, "lg-sender");
        senderThread.setDaemon(true);
        progress.accept(String.format("all joined; sending %d msg/s: %d s warm-up + %d s measured ...",
            config.rate(), config.warmupS(), config.durationS()));
        senderThread.start();

        // CPU counters over the measured part only: from the first measured due time to the sender's end
        final long measuredStartNs = schedule.dueNs(tracker.warmupCount());
        parkUntil(measuredStartNs);
        final CpuSample before = CpuSample.take(config.serverPids());
        joinUntil(senderThread, boundNs);
        if (senderThread.isAlive())
        {
            sender.stopAtTimeBound("the run reached its time bound (warm-up + duration + " + RunConfig.BOUND_SLACK_S + " s)");
            joinUntil(senderThread, System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        }
        final CpuSample after = CpuSample.take(config.serverPids());

        result.sentTotal = sender.sent();
        result.sentWarmup = Math.min(result.sentTotal, tracker.warmupCount());
        result.sentMeasured = result.sentTotal - result.sentWarmup;
        result.expected = result.sentMeasured * config.recipientsPerMessage();
        if (sender.stopReason() != null)
        {
            result.aborted = true;
            result.abortReason = sender.stopReason();
            result.timeBoundHit = sender.timeBoundHit();
        }

        final long drainStartNs = System.nanoTime();
        final long drainUntilNs = Math.min(drainStartNs + TimeUnit.SECONDS.toNanos(config.drainS()), boundNs);
        while (tracker.measuredDeliveries() < result.expected && System.nanoTime() - drainUntilNs < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        result.drainWaitS = (System.nanoTime() - drainStartNs) / 1e9;

        final long senderEndNs = sender.finishedNs() != 0 ? sender.finishedNs() : after.wallNs;
        result.measuredWindowS = Math.max(0, senderEndNs - measuredStartNs) / 1e9;
        result.achievedSendRate = result.measuredWindowS > 0 ? result.sentMeasured / result.measuredWindowS : 0;
        final long lastDeliveryNs = tracker.lastDeliveryNs();
        final double deliveryWindowS = (lastDeliveryNs - measuredStartNs) / 1e9;
        result.deliveriesPerSec = lastDeliveryNs != Long.MIN_VALUE && deliveryWindowS > 0 ? tracker.measuredDeliveries() / deliveryWindowS : 0;
        result.sendLagNs = sender.sendLagNs();
        result.sendsWhileUnwritable = sender.sendsWhileUnwritable();

        final double wallS = (after.wallNs - before.wallNs) / 1e9;
        result.clientCpuS = (after.processCpuNs - before.processCpuNs) / 1e9;
        result.clientCores = wallS > 0 ? result.clientCpuS / wallS : 0;
        if (before.serverTicks >= 0 && after.serverTicks >= 0)
        {
            result.serverCpuS = (after.serverTicks - before.serverTicks) / (double)CpuSample.USER_HZ;
            result.serverCores = wallS > 0 ? result.serverCpuS / wallS : 0;
        }
    }

    private void collect(final RunResult result, final DeliveryTracker tracker)
    {
        result.intendedNs = tracker.intendedHistogram();
        result.actualNs = tracker.actualHistogram();
        result.received = tracker.measuredDeliveries();
        result.lost = Math.max(0, result.expected - result.received);
        result.warmupReceived = tracker.warmupDeliveries();
        result.publisherEchoes = tracker.publisherEchoes();
        result.outOfOrder = tracker.outOfOrder();
        result.gapMessages = tracker.gapMessages();
        result.unknownMessages = tracker.unknownMessages();
        result.acks = tracker.acks();
        result.errors = tracker.errors();
        result.earlyCloses = tracker.earlyCloses();
        if (result.serverCpuS > 0)
        {
            result.deliveriesPerServerCpuS = result.received / result.serverCpuS;
        }
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
        final long untilNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (final ChannelFuture future : closing)
        {
            future.awaitUninterruptibly(Math.max(1, TimeUnit.NANOSECONDS.toMillis(untilNs - System.nanoTime())));
        }
    }

    private static LoadConnection await(final CompletableFuture<LoadConnection> future, final long deadlineNs, final String what)
    {
        try
        {
            return future.get(Math.max(1, remainingNs(deadlineNs)), TimeUnit.NANOSECONDS);
        }
        catch (final ExecutionException ex)
        {
            final Throwable cause = ex.getCause();
            if (cause instanceof LoadException loadException)
            {
                throw loadException;
            }
            throw new LoadException(what + ": " + cause, cause);
        }
        catch (final TimeoutException ex)
        {
            throw new LoadException(what + ": no join ack within the connect phase (" +
                TimeUnit.NANOSECONDS.toSeconds(CONNECT_PHASE_NS) + " s)");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted while connecting", ex);
        }
    }

    private static long remainingNs(final long deadlineNs)
    {
        return Math.max(0, deadlineNs - System.nanoTime());
    }

    private static void parkUntil(final long deadlineNs)
    {
        long remaining;
        while ((remaining = deadlineNs - System.nanoTime()) > 0)
        {
            LockSupport.parkNanos(remaining);
        }
    }

    private static void joinUntil(final Thread thread, final long deadlineNs)
    {
        try
        {
            final long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            if (remainingMs > 0)
            {
                thread.join(remainingMs);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Last resort: if the run has not returned well after its bound, say so and halt the JVM. */
    static Thread startWatchdog(final long haltAtNs)
    {
        final Thread watchdog = new Thread(() ->
        {
            long remaining;
            while ((remaining = haltAtNs - System.nanoTime()) > 0)
            {
                LockSupport.parkNanos(remaining);
                if (Thread.currentThread().isInterrupted())
                {
                    return;
                }
            }
            System.err.println("ringway bench: ABORT: the run did not finish within its time bound; halting");
            System.err.flush();
            Runtime.getRuntime().halt(LoadGeneratorMain.EXIT_ABORTED);
        }, "lg-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }
}
