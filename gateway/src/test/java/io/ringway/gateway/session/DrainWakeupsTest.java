package io.ringway.gateway.session;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DrainWakeupsTest
{
    /** Upper bound for a task that must run; never a performance assertion. */
    private static final long WAIT_SECONDS = 10;

    /**
     * I/O event loops, as the gateway's: a task queued without a wake-up waits in them until one
     * comes (a DefaultEventLoop would run it at once, and hide a missing wake-up).
     */
    private final EventLoopGroup firstGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup secondGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop first = firstGroup.next();
    private final EventLoop second = secondGroup.next();
    private final DrainWakeups wakeups = new DrainWakeups();

    @AfterEach
    void stop()
    {
        firstGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        secondGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void shouldKeepOneWakeUpPerLoopWhenManyDrainsGoToTheSameLoops()
    {
        for (int i = 0; i < 100; i++)
        {
            wakeups.schedule(i % 2 == 0 ? first : second, () ->
            {
            });
        }

        assertEquals(2, wakeups.pending(), "two loops to wake, not one per drain");
        wakeups.wakeAll();
        assertEquals(0, wakeups.pending());
    }

    @Test
    void shouldRunEveryScheduledDrainWhenLoopsAreWoken() throws InterruptedException
    {
        final CountDownLatch ran = new CountDownLatch(1_000);
        for (int i = 0; i < 1_000; i++)
        {
            wakeups.schedule(i % 3 == 0 ? first : second, ran::countDown);
        }

        wakeups.wakeAll();

        assertTrue(ran.await(WAIT_SECONDS, TimeUnit.SECONDS), "every drain ran: " + ran.getCount() + " left");
    }

    @Test
    void shouldRunDrainWithoutWaitingForAWakeUpWhenScheduledOnItsOwnLoop() throws Exception
    {
        final AtomicInteger pendingInLoop = new AtomicInteger(-1);
        final CountDownLatch ran = new CountDownLatch(1);

        first.submit(() ->
        {
            wakeups.schedule(first, ran::countDown);
            pendingInLoop.set(wakeups.pending());
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertEquals(0, pendingInLoop.get(), "a loop never needs waking for its own task");
        assertTrue(ran.await(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void shouldForgetLoopsThatShutDownWhenWokenLate()
    {
        wakeups.schedule(first, () ->
        {
        });
        firstGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();

        wakeups.wakeAll(); // rejected by the stopped loop: nothing to wake, nothing thrown

        assertEquals(0, wakeups.pending());
    }
}
