package io.ringway.engine;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.ringway.engine.link.EngineEventListener;
import io.ringway.engine.link.EngineLink;
import io.ringway.engine.link.OutboundDelivery;
import io.ringway.engine.link.OutboundRouter;
import io.ringway.engine.logic.BusinessLogic;
import io.ringway.engine.logic.LogicSettings;
import io.ringway.engine.replay.ReplayResult;
import io.ringway.engine.replay.SnapshotRecovery;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalPretoucher;
import io.ringway.journal.snapshot.SnapshotStore;
import org.agrona.CloseHelper;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochClock;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The engine: journal, inbound ring, journaller, business logic and outbound routing, wired.
 *
 * <pre>
 *   gateways ──offer──▶ inbound ring (multi-producer) ──▶ CommandJournaller ──▶ BusinessLogicHandler ──▶ OutboundRouter
 *                                                         (Chronicle append)     (all state, 1 thread)    (a ring per gateway)
 * </pre>
 *
 * {@link #start} first rebuilds state, from the newest usable snapshot and the journal after it, or from the
 * whole journal, then opens the ring.
 */
public final class Engine implements AutoCloseable
{
    private final EngineConfig config;
    private final Journal journal;
    /** How long start-up waits for its ENGINE_SETTINGS to be journaled and applied. */
    private static final long SETTINGS_TIMEOUT_S = 30;
    private final EngineErrors errors = new EngineErrors();
    private final EngineStatus status = new EngineStatus();
    private final OutboundRouter router;
    private final BusinessLogic logic;
    private final Disruptor<CommandEvent> disruptor;
    private final RingBuffer<CommandEvent> ring;
    private final ReplayResult recovery;
    private final HistoryReader historyReader;
    private final long recoverySnapshotSequence;
    private final int[] recoveredGatewayIds;
    private final SnapshotTaker snapshots;
    private final List<Thread> engineThreads = new CopyOnWriteArrayList<>();
    private final AgentRunner pretoucher;
    private volatile boolean closed;

    private Engine(final EngineConfig config, final EngineThreadFactory threadFactory, final Function<Path, Journal> openJournal)
    {
        this.config = config;
        config.logicSettings().requireFitsRoomLog(); // before anything opens: these settings are about to be journaled
        this.router = new OutboundRouter(config.outboundRingSize(), config::newWaitStrategy, errors, threadFactory);
        this.journal = openJournal.apply(config.journalDirectory());
        // What has started, for the clean-up if a later step fails: the journal's writer lock above all, so an
        // embedding application that retries does not find its own directory "in use".
        HistoryReader startedHistory = null;
        SnapshotTaker startedSnapshots = null;
        Disruptor<CommandEvent> startedDisruptor = null;
        AgentRunner startedPretoucher = null;
        try
        {
            final SnapshotStore store = new SnapshotStore(config.snapshotDirectory(), config.snapshots().keep());

            // Recovery: no gateway is attached yet, so the router drops the replayed output; only the state and digest matter.
            // A journal starts under the default settings; its ENGINE_SETTINGS commands (or the snapshot) say the rest.
            final SnapshotRecovery.Recovered recovered = SnapshotRecovery.recover(journal, config.snapshots().enabled() ? store : null,
                () -> new BusinessLogic(router, LogicSettings.DEFAULTS),
                warning -> System.err.println("ringway engine: " + warning));
            logic = recovered.logic();
            recovery = recovered.replay();
            recoverySnapshotSequence = recovered.snapshotSequence();
            recoveredGatewayIds = logic.gatewaysWithSessions();
            status.publish(logic.lastAppliedSequence(), logic.digest(), logic.commandsApplied());
            startedHistory = new HistoryReader(journal, config.snapshots().enabled() ? store : null, config, router,
                router.fromAnotherThread, threadFactory);
            logic.historyFallback(startedHistory); // after the replay: queries of the past were answered then, or never
            startedSnapshots = new SnapshotTaker(config.snapshots(), store::write, errors,
                recovery.lastSequence(), recovery.lastTimestampMs(), recoverySnapshotSequence, recovered.journalFirstTimestampMs());

            // Handlers are started in the order they were added: journaller, then business logic.
            final String[] names = config.engineThreads() == 1 ?
                new String[] {"ringway-engine"} : new String[] {"ringway-journaller", "ringway-logic"};
            final ThreadFactory threads = runnable ->
            {
                final int index = engineThreads.size();
                final Thread thread = threadFactory.newDaemon(runnable, index < names.length ? names[index] : "ringway-engine-" + index);
                engineThreads.add(thread);
                return thread;
            };
            final WaitStrategy waitStrategy = config.newWaitStrategy();
            startedDisruptor = new Disruptor<>(CommandEvent::new, config.inboundRingSize(), threads, ProducerType.MULTI, waitStrategy);
            final CommandJournaller journaller = new CommandJournaller(
                journal, SystemEpochClock.INSTANCE, errors, recovery.lastSequence(), recovery.lastTimestampMs());
            journaller.ring(startedDisruptor.getRingBuffer(), waitStrategy);
            final BusinessLogicHandler logicHandler = new BusinessLogicHandler(logic, status, errors, startedSnapshots);
            if (config.engineThreads() == 1)
            {
                final JournalThenApplyHandler engineHandler = new JournalThenApplyHandler(journaller, logicHandler, errors);
                engineHandler.ring(startedDisruptor.getRingBuffer());
                startedDisruptor.handleEventsWith(engineHandler);
            }
            else
            {
                startedDisruptor.handleEventsWith(journaller).then(logicHandler);
            }
            startedDisruptor.setDefaultExceptionHandler(errors);
            ring = startedDisruptor.start();
            final long failuresBefore = errors.journalFailures();
            if (journalSettingsIfChanged(new InProcessEngineLink(0, ring, router), logic.settings(), config.logicSettings()))
            {
                awaitSettingsApplied(recovery.lastSequence() + 1, failuresBefore);
            }

            // Pages ahead of the journaller's writes are faulted in on the pretoucher's thread, not on the engine thread.
            if (config.journalPretouch())
            {
                startedPretoucher = new AgentRunner(JournalPretoucher.newIdleStrategy(), errors::onPretouchFailure, null, journal.pretoucher());
                AgentRunner.startOnThread(startedPretoucher, runnable -> threadFactory.newDaemon(runnable, "ringway-journal-pretoucher"));
            }
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietClose(startedPretoucher);
            if (startedDisruptor != null)
            {
                startedDisruptor.halt();
            }
            if (startedHistory != null)
            {
                startedHistory.close();
            }
            if (startedSnapshots != null)
            {
                startedSnapshots.closeAndWriteFinal(null);
            }
            router.closeAll();
            journal.close();
            throw ex;
        }
        historyReader = startedHistory;
        snapshots = startedSnapshots;
        disruptor = startedDisruptor;
        pretoucher = startedPretoucher;
    }

    /**
     * The configuration's settings go into the journal, as a command of the engine's own, when they are not the ones
     * recovery ended under: every command after it is applied under them, live and on every replay.
     */
    private static boolean journalSettingsIfChanged(final EngineLink engineOwn, final LogicSettings recovered, final LogicSettings configured)
    {
        if (configured.equals(recovered))
        {
            return false;
        }
        final ExpandableArrayBuffer command = new ExpandableArrayBuffer(64);
        // before any gateway can offer a command: the ring is empty, so it takes this one
        if (!engineOwn.offer(command, 0, configured.encodeCommand(command, 0)))
        {
            throw new IllegalStateException("the engine's ring did not take its ENGINE_SETTINGS");
        }
        return true;
    }

    /**
     * An engine whose settings did not reach the journal (it is full, or failing) would run under the recovered ones,
     * not the configured ones, with nothing but a counter to say so: it does not start instead.
     */
    private void awaitSettingsApplied(final long sequence, final long failuresBefore)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTINGS_TIMEOUT_S);
        while (status.snapshot().appliedSequence() < sequence)
        {
            if (errors.journalFailures() > failuresBefore || errors.journalStopped())
            {
                throw new IllegalStateException("the engine could not journal its settings (ENGINE_SETTINGS, sequence " + sequence
                    + "): the journal refused it; see the journal error above");
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("the engine's settings (ENGINE_SETTINGS, sequence " + sequence + ") were not applied within "
                    + SETTINGS_TIMEOUT_S + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Opens the journal, replays it, and starts the engine threads. */
    public static Engine start(final EngineConfig config)
    {
        return new Engine(config, EngineThreadFactory.PLAIN, Journal::open);
    }

    /** Like {@link #start(EngineConfig)}, with the engine's threads made by {@code threadFactory}. */
    public static Engine start(final EngineConfig config, final EngineThreadFactory threadFactory)
    {
        return new Engine(config, threadFactory, Journal::open);
    }

    /** For tests of a failing journal: the journal opened by {@code openJournal} (e.g. {@code Journal.openDecorated}). */
    static Engine start(final EngineConfig config, final Function<Path, Journal> openJournal)
    {
        return new Engine(config, EngineThreadFactory.PLAIN, openJournal);
    }

    /**
     * Attaches an in-process gateway. The gateway should first send GATEWAY_RESET for its id, so
     * sessions it held before a restart are closed in the journal.
     */
    public EngineLink connectInProcess(final int gatewayId, final EngineEventListener listener)
    {
        return connectInProcess(gatewayId, listener, OutboundDelivery.RING);
    }

    /**
     * Like {@link #connectInProcess(int, EngineEventListener)}, with the listener called through a
     * ring on its own thread ({@link OutboundDelivery#RING}) or on the business-logic thread
     * ({@link OutboundDelivery#DIRECT}).
     */
    public EngineLink connectInProcess(final int gatewayId, final EngineEventListener listener, final OutboundDelivery delivery)
    {
        if (gatewayId <= 0 || gatewayId > 0xFFFF)
        {
            throw new IllegalArgumentException("gatewayId must be 1..65535");
        }
        router.attach(gatewayId, listener, delivery);
        return new InProcessEngineLink(gatewayId, ring, router);
    }

    /** Serves history pages older than memory, from the journal (and snapshots). */
    public HistoryReader historyReader()
    {
        return historyReader;
    }

    public EngineStatus status()
    {
        return status;
    }

    public EngineErrors errors()
    {
        return errors;
    }

    /** What start-up recovered from the journal: {@code commands} counts the records replayed (after the snapshot, if any). */
    public ReplayResult recovery()
    {
        return recovery;
    }

    /**
     * The gateways whose sessions recovery brought back, ascending. No session outlives an engine restart (every
     * link to the engine was cut), so whoever attaches gateways resets these: the embedded gateway resets itself,
     * and the link server resets the others, whether or not they come back.
     */
    public int[] recoveredGatewayIds()
    {
        return recoveredGatewayIds.clone();
    }

    /** The last sequence of the snapshot start-up loaded, 0 when it replayed the whole journal. */
    public long recoverySnapshotSequence()
    {
        return recoverySnapshotSequence;
    }

    /** The last sequence of the newest snapshot this engine wrote (or recovered from), 0 for none. */
    public long lastSnapshotSequence()
    {
        return snapshots.lastWrittenSequence();
    }

    /** Snapshots written by this engine since it started. */
    public long snapshotsWritten()
    {
        return snapshots.written();
    }

    public EngineConfig config()
    {
        return config;
    }

    /**
     * Drains the inbound ring (everything offered is journaled and applied), writes a snapshot of the final
     * state (when snapshots are enabled), drains the outbound rings, then closes the journal.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            disruptor.shutdown(30, TimeUnit.SECONDS);
        }
        catch (final com.lmax.disruptor.TimeoutException ex)
        {
            disruptor.halt();
        }
        // shutdown() only signals the threads: wait for them, so the journaller's appender is closed before the journal.
        for (final Thread thread : engineThreads)
        {
            try
            {
                thread.join(10_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try
        {
            CloseHelper.quietClose(pretoucher); // null when turned off
            historyReader.close();
            // Only once the logic thread has stopped is its state safe to read from here; after a halt that timed out it may not have.
            snapshots.closeAndWriteFinal(engineThreads.stream().noneMatch(Thread::isAlive) ? logic : null);
            router.closeAll();
        }
        finally
        {
            journal.close(); // and with it the directory's writer lock
        }
    }
}
