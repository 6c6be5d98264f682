package io.ringway.engine;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;


/**
 * How the engine's threads wait for work. On a small machine busy-spinning threads starve each
 * other, so the default backs off to blocking and idles near 0 % CPU; BUSY_SPIN is for dedicated,
 * pinned cores.
 */
public enum IdleStrategyKind
{
    /** Spin (2 µs), yield (0 µs), then block; both phases configurable: ~0 % CPU idle. The default. */
    BACKOFF,
    /** Lock and condition: lowest CPU, a few µs more latency per wake-up. */
    BLOCKING,
    /** Spin, then sleep in short parks: steady low latency, a little CPU when idle. */
    SLEEPING,
    /** Spin then Thread.yield: low latency, burns a core while idle. */
    YIELDING,
    /** Never stops spinning: lowest latency, a whole core per thread. Dedicated hardware only. */
    BUSY_SPIN;

    /** @param backoffSpinNs and {@code backoffYieldNs}: BACKOFF's phases before it blocks; the other kinds ignore them. */
    public WaitStrategy newWaitStrategy(final long backoffSpinNs, final long backoffYieldNs)
    {
        switch (this)
        {
            case BLOCKING: return new BackoffWaitStrategy(0, 0);
            case SLEEPING: return new SleepingWaitStrategy();
            case YIELDING: return new YieldingWaitStrategy();
            case BUSY_SPIN: return new BusySpinWaitStrategy();
            case BACKOFF:
            default:
                return new BackoffWaitStrategy(backoffSpinNs, backoffYieldNs);
        }
    }
}
