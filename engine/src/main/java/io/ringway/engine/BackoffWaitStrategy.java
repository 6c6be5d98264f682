package io.ringway.engine;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Spin, then yield, then block, for every consumer, including one that waits on another
 * consumer rather than on the ring's cursor.
 *
 * <p>Why not the Disruptor's own: its blocking strategies only block until the ring's cursor
 * moves; a consumer gated behind another one (the business logic behind the journaller) then
 * busy-spins until that one catches up. On a two-core machine that spin took most of a core
 * at 1,000 messages/s (a JFR profile of the server showed the logic thread inside
 * {@code LiteBlockingWaitStrategy.waitFor} and {@code Util.getMinimumSequence}). Here a waiter
 * blocks on whatever it waits for, and whoever moves a gating sequence, the producer's publish
 * or a consumer's {@link #signalAllWhenBlocking} after it advanced, wakes it.
 *
 * <p>The wake-up uses the same handshake as {@code LiteBlockingWaitStrategy}: a waiter registers
 * itself, sets {@code signalNeeded} and checks its sequence again before it parks; a signaller
 * advances its sequence before it reads {@code signalNeeded}, then unparks every registered waiter.
 * One of the two always sees the other, and an unpark that comes before the park is not lost.
 * Parking a registered thread instead of awaiting a {@code Condition} allocates nothing (a
 * condition wait allocates a node each time), so an engine thread that blocks between messages
 * still allocates nothing per message.
 */
final class BackoffWaitStrategy implements WaitStrategy
{
    /** Bounds a wait that somehow missed its signal; not needed for correctness. */
    static final long DEFAULT_SAFETY_PARK_NS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long spinNs;
    private final long yieldNs;
    private final long safetyParkNs;
    /** Threads parked in {@link #block}: a ring has one or two consumers, so a few slots are plenty. */
    private final AtomicReferenceArray<Thread> waiters = new AtomicReferenceArray<>(4);
    private final AtomicBoolean signalNeeded = new AtomicBoolean();

    /**
     * @param spinNs  how long to spin before yielding (0: never spin)
     * @param yieldNs how long to yield before blocking (0: never yield)
     */
    BackoffWaitStrategy(final long spinNs, final long yieldNs)
    {
        this(spinNs, yieldNs, DEFAULT_SAFETY_PARK_NS);
    }

    BackoffWaitStrategy(final long spinNs, final long yieldNs, final long safetyParkNs)
    {
        this.spinNs = spinNs;
        this.yieldNs = yieldNs;
        this.safetyParkNs = safetyParkNs;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException
    {
        long available = dependentSequence.get();
        if (available >= sequence)
        {
            return available;
        }
        final long startNs = System.nanoTime();
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            final long waitedNs = System.nanoTime() - startNs;
            if (waitedNs < spinNs)
            {
                Thread.onSpinWait();
            }
            else if (waitedNs < spinNs + yieldNs)
            {
                Thread.yield();
            }
            else
            {
                block(sequence, dependentSequence, barrier);
            }
        }
        return available;
    }

    private void block(final long sequence, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException
    {
        final Thread self = Thread.currentThread();
        final int slot = register(self);
        try
        {
            signalNeeded.set(true);
            if (dependentSequence.get() < sequence)
            {
                barrier.checkAlert();
                // Unregistered (all slots taken, never expected) it still wakes within the safety bound.
                LockSupport.parkNanos(this, safetyParkNs);
            }
        }
        finally
        {
            if (slot >= 0)
            {
                waiters.set(slot, null);
            }
        }
    }

    private int register(final Thread thread)
    {
        for (int i = 0; i < waiters.length(); i++)
        {
            if (waiters.get(i) == null && waiters.compareAndSet(i, null, thread))
            {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        if (signalNeeded.getAndSet(false))
        {
            for (int i = 0; i < waiters.length(); i++)
            {
                final Thread waiter = waiters.get(i);
                if (waiter != null)
                {
                    LockSupport.unpark(waiter);
                }
            }
        }
    }

    @Override
    public String toString()
    {
        return "BackoffWaitStrategy{spinNs=" + spinNs + ", yieldNs=" + yieldNs + '}';
    }
}
