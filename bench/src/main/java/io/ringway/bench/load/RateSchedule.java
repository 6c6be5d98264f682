package io.ringway.bench.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Open-model (constant-rate) schedule: message {@code i} is due at {@code t0 + i / rate}, whatever
 * happened to the messages before it. A sender that falls behind sends late messages at once and
 * never skips one; latency is measured from the due time, which corrects coordinated omission.
 */
public final class RateSchedule
{
    /** The last stretch before a due time is spun: parkNanos overshoots by tens of microseconds. */
    public static final long DEFAULT_SPIN_NS = 50_000L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long startNs;
    private final long ratePerSecond;

    public RateSchedule(final long startNs, final long ratePerSecond)
    {
        if (ratePerSecond <= 0)
        {
            throw new IllegalArgumentException("rate must be > 0: " + ratePerSecond);
        }
        this.startNs = startNs;
        this.ratePerSecond = ratePerSecond;
    }

    public long startNs()
    {
        return startNs;
    }

    public long ratePerSecond()
    {
        return ratePerSecond;
    }

    /** Absolute {@link System#nanoTime()} at which message {@code index} is due. */
    public long dueNs(final long index)
    {
        return startNs + offsetNs(index, ratePerSecond);
    }

    /**
     * Offset of message {@code index} from the start: {@code index * 1e9 / rate}, exact to the
     * nanosecond (no accumulated rounding drift). Valid for {@code index < 2^31} at any rate.
     */
    public static long offsetNs(final long index, final long ratePerSecond)
    {
        return index * NANOS_PER_SECOND / ratePerSecond;
    }

    /** Number of messages a phase of {@code seconds} at {@code ratePerSecond} contains. */
    public static long messageCount(final long ratePerSecond, final long seconds)
    {
        return Math.multiplyExact(ratePerSecond, seconds);
    }

    /**
     * Waits until {@code dueNs}: parks while more than {@code spinNs} remain, then spins.
     *
     * @return how late the caller is at return, in ns (0 or a little more when on time; large when
     * the sender had fallen behind and did not wait at all).
     */
    public static long awaitDue(final long dueNs, final long spinNs)
    {
        while (true)
        {
            final long nowNs = System.nanoTime();
            final long remainingNs = dueNs - nowNs;
            if (remainingNs <= 0)
            {
                return -remainingNs;
            }
            if (remainingNs > spinNs)
            {
                LockSupport.parkNanos(remainingNs - spinNs);
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }
}
