package io.ringway.engine;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class BackoffWaitStrategyTest
{
    /** Long enough that only a signal can end a blocked wait within the test. */
    private static final long NO_SAFETY_PARK_NS = TimeUnit.HOURS.toNanos(1);

    private final BackoffWaitStrategy strategy = new BackoffWaitStrategy(0, 0, NO_SAFETY_PARK_NS);
    private final Sequence cursor = new Sequence(10);
    private final Sequence dependent = new Sequence(4);
    private final Barrier barrier = new Barrier();

    private Thread waitInBackground(final long sequence, final AtomicLong returned, final AtomicReference<Throwable> failed)
    {
        final Thread waiter = new Thread(() ->
        {
            try
            {
                returned.set(strategy.waitFor(sequence, cursor, dependent, barrier));
            }
            catch (final Throwable ex)
            {
                failed.set(ex);
            }
        });
        waiter.setDaemon(true);
        waiter.start();
        return waiter;
    }

    private static void awaitBlocked(final Thread waiter) throws InterruptedException
    {
        while (waiter.getState() != Thread.State.TIMED_WAITING)
        {
            if (!waiter.isAlive())
            {
                throw new AssertionError("the waiter returned instead of blocking");
            }
            Thread.sleep(1);
        }
    }

    @Test
    void shouldReturnAtOnceWhenTheDependentSequenceIsAlreadyThere() throws Exception
    {
        assertEquals(4, strategy.waitFor(3, cursor, dependent, barrier));
    }

    @Test
    void shouldWakeAWaiterBlockedBehindAGatingConsumerWhenThatConsumerAdvancesAndSignals() throws Exception
    {
        final AtomicLong returned = new AtomicLong(-1);
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        final Thread waiter = waitInBackground(7, returned, failed);
        awaitBlocked(waiter);

        // The ring's cursor is already past 7: only the gating consumer's move can release the waiter.
        dependent.set(8);
        strategy.signalAllWhenBlocking();
        waiter.join(TimeUnit.SECONDS.toMillis(30));

        assertFalse(waiter.isAlive(), "the signal woke the waiter");
        assertEquals(null, failed.get());
        assertEquals(8, returned.get());
    }

    @Test
    void shouldStayBlockedWhenSignalledBeforeTheDependentSequenceArrives() throws Exception
    {
        final AtomicLong returned = new AtomicLong(-1);
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        final Thread waiter = waitInBackground(7, returned, failed);
        awaitBlocked(waiter);

        dependent.set(6);
        strategy.signalAllWhenBlocking();
        awaitBlocked(waiter); // woke, saw 6 < 7, blocked again
        assertEquals(-1, returned.get());

        dependent.set(7);
        strategy.signalAllWhenBlocking();
        waiter.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(7, returned.get());
    }

    @Test
    void shouldThrowAlertWhenTheBarrierIsAlertedWhileBlocked() throws Exception
    {
        final AtomicLong returned = new AtomicLong(-1);
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        final Thread waiter = waitInBackground(7, returned, failed);
        awaitBlocked(waiter);

        barrier.alert(); // what Disruptor.halt() does: alert, then signal
        strategy.signalAllWhenBlocking();
        waiter.join(TimeUnit.SECONDS.toMillis(30));

        assertInstanceOf(AlertException.class, failed.get());
    }

    /** The part of a SequenceBarrier a wait strategy uses. */
    private static final class Barrier implements SequenceBarrier
    {
        private volatile boolean alerted;

        @Override
        public long waitFor(final long sequence)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public long getCursor()
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isAlerted()
        {
            return alerted;
        }

        @Override
        public void alert()
        {
            alerted = true;
        }

        @Override
        public void clearAlert()
        {
            alerted = false;
        }

        @Override
        public void checkAlert() throws AlertException
        {
            if (alerted)
            {
                throw AlertException.INSTANCE;
            }
        }
    }
}
