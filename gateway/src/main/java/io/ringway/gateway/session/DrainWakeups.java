package io.ringway.gateway.session;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.AbstractEventExecutor;

import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;

/**
 * Wakes each event loop once per fanned-out event instead of once per recipient.
 *
 * <p>Handing a session's drain task to its event loop from another thread wakes that loop (an
 * eventfd write) when it sleeps. For a room message to 1,000 sessions that was up to 1,000
 * wake-ups from the dispatcher, which runs on the engine's logic thread by default: half of that
 * thread's samples in a 1 → 1,000 fan-out profile. While one event fans out, drains are queued
 * without a wake-up ({@code lazyExecute}) and the loops that got one are woken at the end, by
 * {@link #wakeAll}. One instance per dispatcher thread; not thread-safe.
 */
public final class DrainWakeups
{
    private static final Runnable WAKE = () ->
    {
    };

    private EventLoop[] loops = new EventLoop[8];
    private int count;

    /** Runs {@code drain} on {@code loop} no later than the next {@link #wakeAll}. */
    void schedule(final EventLoop loop, final Runnable drain)
    {
        if (loop.inEventLoop() || !(loop instanceof AbstractEventExecutor lazy))
        {
            loop.execute(drain);
            return;
        }
        lazy.lazyExecute(drain);
        for (int i = 0; i < count; i++)
        {
            if (loops[i] == loop)
            {
                return;
            }
        }
        if (count == loops.length)
        {
            loops = Arrays.copyOf(loops, count * 2);
        }
        loops[count++] = loop;
    }

    /** Wakes every loop handed a drain since the last call. */
    public void wakeAll()
    {
        for (int i = 0; i < count; i++)
        {
            try
            {
                loops[i].execute(WAKE);
            }
            catch (final RejectedExecutionException ex)
            {
                // shutting down: its channels are closing, and close releases what they queued
            }
            loops[i] = null;
        }
        count = 0;
    }

    /** Loops waiting for {@link #wakeAll}; for tests. */
    int pending()
    {
        return count;
    }
}
