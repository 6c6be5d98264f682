package io.ringway.bench.load;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import org.HdrHistogram.Histogram;

/**
 * The publisher's dedicated sender thread body. Message {@code i} waits for its due time
 * ({@link RateSchedule#awaitDue}: park, then spin the last {@code spinNs}); a late message goes
 * at once, and none is skipped. Both times go to the {@link DeliveryTracker} before the write.
 */
final class ConstantRateSender implements Runnable
{
    private final LoadConnection publisher;
    private final DeliveryTracker tracker;
    private final RateSchedule schedule;
    private final long stopAtNs;
    private final long spinNs;
    private final Histogram sendLagNs = RunResult.emptyHistogram();

    private volatile int sent;
    private volatile boolean stopRequested;
    private volatile String stopReason;
    private volatile boolean timeBoundHit;
    private volatile long finishedNs;
    private long sendsWhileUnwritable;

    ConstantRateSender(
        final LoadConnection publisher, final DeliveryTracker tracker, final RateSchedule schedule, final long stopAtNs,
        final long spinNs)
    {
        this.publisher = publisher;
        this.tracker = tracker;
        this.schedule = schedule;
        this.stopAtNs = stopAtNs;
        this.spinNs = spinNs;
    }

    @Override
    public void run()
    {
        final Channel channel = publisher.channel();
        final ByteBufAllocator alloc = channel.alloc();
        final LoadMessages messages = publisher.messages();
        final int total = tracker.totalCount();
        try
        {
            for (int i = 0; i < total; i++)
            {
                final long dueNs = schedule.dueNs(i);
                RateSchedule.awaitDue(dueNs, spinNs);
                final long nowNs = System.nanoTime();
                if (stopRequested)
                {
                    return;
                }
                if (nowNs - stopAtNs > 0)
                {
                    timeBoundHit = true;
                    stop("the sender fell behind past the run's time bound after " + i + " messages");
                    return;
                }
                if (!channel.isActive())
                {
                    stop("the publisher's connection closed after " + i + " messages");
                    return;
                }
                if (!channel.isWritable())
                {
                    sendsWhileUnwritable++;
                }
                tracker.recordSend(i, dueNs, nowNs);
                publisher.send(messages.publish(alloc, i));
                sendLagNs.recordValue(DeliveryTracker.clamp(nowNs - dueNs));
                sent = i + 1;
            }
        }
        finally
        {
            finishedNs = System.nanoTime();
        }
    }

    void stop(final String reason)
    {
        if (stopReason == null)
        {
            stopReason = reason;
        }
        stopRequested = true;
    }

    int sent()
    {
        return sent;
    }

    /** Why the sender stopped before the end, or null. */
    String stopReason()
    {
        return stopReason;
    }

    /** True when the sender stopped because the run's time bound passed. */
    boolean timeBoundHit()
    {
        return timeBoundHit;
    }

    void stopAtTimeBound(final String reason)
    {
        timeBoundHit = true;
        stop(reason);
    }

    long finishedNs()
    {
        return finishedNs;
    }

    /** Read after the thread ended. */
    Histogram sendLagNs()
    {
        return sendLagNs;
    }

    /** Read after the thread ended. */
    long sendsWhileUnwritable()
    {
        return sendsWhileUnwritable;
    }
}
