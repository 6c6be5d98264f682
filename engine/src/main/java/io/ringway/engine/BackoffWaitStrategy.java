package io.ringway.engine;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
 * <p>The wake-up uses the same handshake as {@code LiteBlockingWaitStrategy}: a waiter sets
 * {@code signalNeeded} and checks its sequence again under the lock before it parks; a signaller
 * advances its sequence before it reads {@code signalNeeded}. One of the two always sees the other.
 */
final class BackoffWaitStrategy implements WaitStrategy
{
    /** Bounds a wait that somehow missed its signal; not needed for correctness. */
    static final long DEFAULT_SAFETY_PARK_NS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long spinNs;
    private final long yieldNs;
    private final long safetyParkNs;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
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
        throws AlertException, InterruptedException
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
        throws AlertException, InterruptedException
    {
        lock.lock();
        try
        {
            signalNeeded.set(true);
            if (dependentSequence.get() < sequence)
            {
                barrier.checkAlert();
                moved.awaitNanos(safetyParkNs);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void signalAllWhenBlocking()
    {
        if (signalNeeded.getAndSet(false))
        {
            lock.lock();
            try
            {
                moved.signalAll();
            }
            finally
            {
                lock.unlock();
            }
        }
    }

    @Override
    public String toString()
    {
        return "BackoffWaitStrategy{spinNs=" + spinNs + ", yieldNs=" + yieldNs + '}';
    }
}
