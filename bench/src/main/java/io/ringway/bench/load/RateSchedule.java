package io.ringway.bench.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Open-model (constant-rate) schedule: message {@code i} is due at {@code t0 + i / rate}, whatever
 * happened to the messages before it. A sender that falls behind sends late messages at once and
 * never skips one; latency is measured from the due time, which corrects coordinated omission.
 *
 * <p>Optionally the rate ramps up first: linearly from a tenth of the rate to the full rate over
 * {@code rampNs}, then constant. The load generator ramps over the first half of the warm-up:
 * a freshly started client (and server) runs interpreted code for its first second, and a full
 * 10,000 msg/s from the first message used to drown it, so the server rightly closed it as a slow
 * consumer before the warm-up was over. Warm-up messages are excluded from the results anyway.
 */
public final class RateSchedule
{
    /** The last stretch before a due time is spun: parkNanos overshoots by tens of microseconds. */
    public static final long DEFAULT_SPIN_NS = 50_000L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Where the ramp starts, as a fraction of the rate. */
    static final double RAMP_START_FRACTION = 0.1;

    private final long startNs;
    private final long ratePerSecond;
    private final long rampNs;
    /** Messages the ramp holds: {@code rate * rampS * (0.1 + 1) / 2}. */
    private final long rampMessages;

    public RateSchedule(final long startNs, final long ratePerSecond)
    {
        this(startNs, ratePerSecond, 0);
    }

    public RateSchedule(final long startNs, final long ratePerSecond, final long rampNs)
    {
        if (ratePerSecond <= 0)
        {
            throw new IllegalArgumentException("rate must be > 0: " + ratePerSecond);
        }
        if (rampNs < 0)
        {
            throw new IllegalArgumentException("ramp must be >= 0: " + rampNs);
        }
        this.startNs = startNs;
        this.ratePerSecond = ratePerSecond;
        this.rampNs = rampNs;
        this.rampMessages = rampMessages(ratePerSecond, rampNs);
    }

    /** Messages sent during a ramp of {@code rampNs} up to {@code ratePerSecond}. */
    public static long rampMessages(final long ratePerSecond, final long rampNs)
    {
        return (long)(ratePerSecond * (rampNs / 1e9) * (1 + RAMP_START_FRACTION) / 2);
    }

    /** Messages due in the first {@code seconds} of a schedule ramping over {@code rampNs} (within them). */
    public static long messagesWithin(final long ratePerSecond, final long seconds, final long rampNs)
    {
        final long rampSeconds = rampNs / NANOS_PER_SECOND;
        if (rampNs % NANOS_PER_SECOND != 0 || rampSeconds > seconds)
        {
            throw new IllegalArgumentException("the ramp must be whole seconds within the phase");
        }
        return rampMessages(ratePerSecond, rampNs) + messageCount(ratePerSecond, seconds - rampSeconds);
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
        if (index >= rampMessages)
        {
            return startNs + rampNs + offsetNs(index - rampMessages, ratePerSecond);
        }
        // Messages sent by t into the ramp: n(t) = R (f t + (1 - f) t^2 / 2T); solved for t.
        final double rate = ratePerSecond;
        final double rampS = rampNs / 1e9;
        final double f = RAMP_START_FRACTION;
        final double a = rate * (1 - f) / (2 * rampS);
        final double b = rate * f;
        final double t = (-b + Math.sqrt(b * b + 4 * a * index)) / (2 * a);
        return startNs + Math.min(rampNs, (long)(t * 1e9));
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
