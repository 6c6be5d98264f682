package io.ringway.engine;

import com.lmax.disruptor.WaitStrategy;
import io.ringway.engine.logic.LogicSettings;
import io.ringway.engine.logic.RoomLimits;

import java.nio.file.Path;

/**
 * Engine settings.
 *
 * @param dataDirectory    where the journal lives ({@code <data>/journal})
 * @param inboundRingSize  slots on the inbound ring, a power of two; a full ring answers {@code overloaded}
 * @param outboundRingSize slots on each gateway's outbound ring, a power of two
 * @param idleStrategy     how engine threads wait for work
 * @param inboxLimit       direct messages kept per offline user before {@code inbox_full}
 * @param roomLimits       rooms per connection, members per group, data bytes per message
 * @param history          message history kept in memory and client message id deduplication
 * @param snapshots        state snapshots ({@code <data>/snapshots}); {@link SnapshotConfig#DISABLED} in the shorter constructors
 * @param journalPretouch  run the journal pretoucher on a thread of its own (on unless turned off): see {@code JournalPretoucher}
 */
public record EngineConfig(
    Path dataDirectory, int inboundRingSize, int outboundRingSize, IdleStrategyKind idleStrategy, int inboxLimit,
    long backoffSpinNs, long backoffYieldNs, int engineThreads, RoomLimits roomLimits, HistoryConfig history,
    SnapshotConfig snapshots, boolean journalPretouch)
{
    public static final int DEFAULT_INBOUND_RING_SIZE = 16 * 1024;
    public static final int DEFAULT_OUTBOUND_RING_SIZE = 16 * 1024;
    public static final int DEFAULT_INBOX_LIMIT = LogicSettings.DEFAULT_INBOX_LIMIT;
    /** Journaller and business logic on their own threads (2), or on one (1). */
    public static final int DEFAULT_ENGINE_THREADS = 2;
    /**
     * BACKOFF: spin this long before yielding. Short, because on two cores every microsecond a
     * waiting thread spins or yields is taken from the threads doing the work: measured at
     * 10,000 rtt msg/s, 10 µs spin + 100 µs yield cost the server 1.4 cores, 2 µs + 0 cost 0.8,
     * for the same latency (docs/performance/TUNING.md). Give it more on a machine with spare cores.
     */
    public static final long DEFAULT_BACKOFF_SPIN_NS = 2_000;
    /** BACKOFF: yield this long before blocking (see {@link #DEFAULT_BACKOFF_SPIN_NS}). */
    public static final long DEFAULT_BACKOFF_YIELD_NS = 0;

    public EngineConfig
    {
        if (Integer.bitCount(inboundRingSize) != 1 || Integer.bitCount(outboundRingSize) != 1)
        {
            throw new IllegalArgumentException("ring sizes must be powers of two");
        }
        if (inboxLimit < 0)
        {
            throw new IllegalArgumentException("inboxLimit must be >= 0");
        }
        if (engineThreads != 1 && engineThreads != 2)
        {
            throw new IllegalArgumentException("engineThreads must be 1 (journal then apply on one thread) or 2");
        }
        if (backoffSpinNs < 0 || backoffYieldNs < 0)
        {
            throw new IllegalArgumentException("backoff spin and yield times must be >= 0");
        }
        if (roomLimits == null)
        {
            roomLimits = RoomLimits.DEFAULTS;
        }
        if (history == null)
        {
            throw new IllegalArgumentException("history settings are required (HistoryConfig.DEFAULTS)");
        }
        if (snapshots == null)
        {
            throw new IllegalArgumentException("snapshots must be set (SnapshotConfig.DISABLED for none)");
        }
    }

    /** With the journal pretoucher on. */
    public EngineConfig(
        final Path dataDirectory, final int inboundRingSize, final int outboundRingSize, final IdleStrategyKind idleStrategy,
        final int inboxLimit, final long backoffSpinNs, final long backoffYieldNs, final int engineThreads,
        final RoomLimits roomLimits, final HistoryConfig history, final SnapshotConfig snapshots)
    {
        this(dataDirectory, inboundRingSize, outboundRingSize, idleStrategy, inboxLimit, backoffSpinNs, backoffYieldNs,
            engineThreads, roomLimits, history, snapshots, true);
    }

    /** With the default history settings, without snapshots. */
    public EngineConfig(
        final Path dataDirectory, final int inboundRingSize, final int outboundRingSize, final IdleStrategyKind idleStrategy,
        final int inboxLimit, final long backoffSpinNs, final long backoffYieldNs, final int engineThreads,
        final RoomLimits roomLimits)
    {
        this(dataDirectory, inboundRingSize, outboundRingSize, idleStrategy, inboxLimit, backoffSpinNs, backoffYieldNs,
            engineThreads, roomLimits, HistoryConfig.DEFAULTS, SnapshotConfig.DISABLED);
    }

    /** With the default room limits, without snapshots. */
    public EngineConfig(
        final Path dataDirectory, final int inboundRingSize, final int outboundRingSize, final IdleStrategyKind idleStrategy,
        final int inboxLimit, final long backoffSpinNs, final long backoffYieldNs, final int engineThreads,
        final HistoryConfig history)
    {
        this(dataDirectory, inboundRingSize, outboundRingSize, idleStrategy, inboxLimit, backoffSpinNs, backoffYieldNs,
            engineThreads, RoomLimits.DEFAULTS, history, SnapshotConfig.DISABLED);
    }

    /** Without snapshots. */
    public EngineConfig(
        final Path dataDirectory, final int inboundRingSize, final int outboundRingSize, final IdleStrategyKind idleStrategy,
        final int inboxLimit, final long backoffSpinNs, final long backoffYieldNs, final int engineThreads)
    {
        this(dataDirectory, inboundRingSize, outboundRingSize, idleStrategy, inboxLimit, backoffSpinNs, backoffYieldNs,
            engineThreads, RoomLimits.DEFAULTS, HistoryConfig.DEFAULTS, SnapshotConfig.DISABLED);
    }

    /** With the default BACKOFF timings, without snapshots. */
    public EngineConfig(
        final Path dataDirectory, final int inboundRingSize, final int outboundRingSize, final IdleStrategyKind idleStrategy,
        final int inboxLimit)
    {
        this(dataDirectory, inboundRingSize, outboundRingSize, idleStrategy, inboxLimit,
            DEFAULT_BACKOFF_SPIN_NS, DEFAULT_BACKOFF_YIELD_NS, DEFAULT_ENGINE_THREADS);
    }

    /** A new wait strategy for one ring, as configured. */
    public WaitStrategy newWaitStrategy()
    {
        return idleStrategy.newWaitStrategy(backoffSpinNs, backoffYieldNs);
    }

    public static EngineConfig defaults(final Path dataDirectory)
    {
        return new EngineConfig(
            dataDirectory, DEFAULT_INBOUND_RING_SIZE, DEFAULT_OUTBOUND_RING_SIZE, IdleStrategyKind.BACKOFF, DEFAULT_INBOX_LIMIT);
    }

    /** The business logic's settings this configuration asks for (journaled as ENGINE_SETTINGS when they change). */
    public LogicSettings logicSettings()
    {
        return new LogicSettings(inboxLimit, roomLimits, history);
    }

    public Path journalDirectory()
    {
        return dataDirectory.resolve("journal");
    }

    public EngineConfig withRoomLimits(final RoomLimits roomLimits)
    {
        return new EngineConfig(dataDirectory, inboundRingSize, outboundRingSize, idleStrategy, inboxLimit,
            backoffSpinNs, backoffYieldNs, engineThreads, roomLimits, history, snapshots, journalPretouch);
    }

    public EngineConfig withHistory(final HistoryConfig history)
    {
        return new EngineConfig(dataDirectory, inboundRingSize, outboundRingSize, idleStrategy, inboxLimit,
            backoffSpinNs, backoffYieldNs, engineThreads, roomLimits, history, snapshots, journalPretouch);
    }

    public Path snapshotDirectory()
    {
        return dataDirectory.resolve("snapshots");
    }

    /** This configuration with other snapshot settings. */
    public EngineConfig withSnapshots(final SnapshotConfig snapshots)
    {
        return new EngineConfig(dataDirectory, inboundRingSize, outboundRingSize, idleStrategy, inboxLimit,
            backoffSpinNs, backoffYieldNs, engineThreads, roomLimits, history, snapshots, journalPretouch);
    }

    /** This configuration with the journal pretoucher on or off. */
    public EngineConfig withJournalPretouch(final boolean journalPretouch)
    {
        return new EngineConfig(dataDirectory, inboundRingSize, outboundRingSize, idleStrategy, inboxLimit,
            backoffSpinNs, backoffYieldNs, engineThreads, roomLimits, history, snapshots, journalPretouch);
    }
}
