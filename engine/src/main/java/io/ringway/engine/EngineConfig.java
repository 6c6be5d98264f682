package io.ringway.engine;

import java.nio.file.Path;

/**
 * Engine settings.
 *
 * @param dataDirectory    where the journal lives ({@code <data>/journal})
 * @param inboundRingSize  slots on the inbound ring, a power of two; a full ring answers {@code overloaded}
 * @param outboundRingSize slots on each gateway's outbound ring, a power of two
 * @param idleStrategy     how engine threads wait for work
 * @param inboxLimit       direct messages kept per offline user before {@code inbox_full}
 */
public record EngineConfig(
    Path dataDirectory, int inboundRingSize, int outboundRingSize, IdleStrategyKind idleStrategy, int inboxLimit,
    long backoffSpinNs, long backoffYieldNs)
{
    public static final int DEFAULT_INBOUND_RING_SIZE = 16 * 1024;
    public static final int DEFAULT_OUTBOUND_RING_SIZE = 16 * 1024;
    public static final int DEFAULT_INBOX_LIMIT = 10_000;
    /** BACKOFF: spin this long before yielding. */
    public static final long DEFAULT_BACKOFF_SPIN_NS = 10_000;
    /** BACKOFF: yield this long before blocking. */
    public static final long DEFAULT_BACKOFF_YIELD_NS = 100_000;

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
        if (backoffSpinNs < 0 || backoffYieldNs < 0)
        {
            throw new IllegalArgumentException("backoff spin and yield times must be >= 0");
        }
    }

    /** With the default BACKOFF timings. */
    public EngineConfig(
        final Path dataDirectory, final int inboundRingSize, final int outboundRingSize, final IdleStrategyKind idleStrategy,
        final int inboxLimit)
    {
        this(dataDirectory, inboundRingSize, outboundRingSize, idleStrategy, inboxLimit,
            DEFAULT_BACKOFF_SPIN_NS, DEFAULT_BACKOFF_YIELD_NS);
    }

    /** A new wait strategy for one ring, as configured. */
    public com.lmax.disruptor.WaitStrategy newWaitStrategy()
    {
        return idleStrategy.newWaitStrategy(backoffSpinNs, backoffYieldNs);
    }

    public static EngineConfig defaults(final Path dataDirectory)
    {
        return new EngineConfig(
            dataDirectory, DEFAULT_INBOUND_RING_SIZE, DEFAULT_OUTBOUND_RING_SIZE, IdleStrategyKind.BACKOFF, DEFAULT_INBOX_LIMIT);
    }

    public Path journalDirectory()
    {
        return dataDirectory.resolve("journal");
    }
}
