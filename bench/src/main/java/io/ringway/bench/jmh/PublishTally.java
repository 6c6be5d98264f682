package io.ringway.bench.jmh;

import org.agrona.DirectBuffer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline benchmarks' count of publishes offered against room messages delivered, and the
 * CPU each pipeline thread spent per publish over an iteration ({@link StageCpu}).
 */
final class PublishTally
{
    private final AtomicLong roomMessages = new AtomicLong();
    private final StageCpu stageCpu = new StageCpu();
    private long offered;

    /** The benchmark thread, once per publish the pipeline took; the count so far. */
    long offered()
    {
        return ++offered;
    }

    /** The one thread events arrive on (the logic thread, an outbound dispatcher, or the gateway's link loop). */
    void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (TenMemberRoom.isRoomMessage(buffer, offset))
        {
            roomMessages.lazySet(roomMessages.get() + 1); // single writer
        }
    }

    void startIteration()
    {
        stageCpu.start(offered);
    }

    /**
     * Waits until every publish offered so far came back as a room message, at most {@code boundNs}, then prints the
     * per-thread CPU line.
     * @throws IllegalStateException when the bound passed first
     */
    void awaitDeliveredAndReport(final long boundNs, final String path)
    {
        final long deadline = System.nanoTime() + boundNs;
        while (roomMessages.get() < offered && System.nanoTime() - deadline < 0)
        {
            Thread.onSpinWait();
        }
        if (roomMessages.get() < offered)
        {
            throw new IllegalStateException("only " + roomMessages.get() + " of " + offered + " publishes came back " + path);
        }
        System.out.println(stageCpu.report(offered));
    }
}
