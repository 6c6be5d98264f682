package io.ringway.bench.load;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryTrackerTest
{
    private static final LoadMessages MESSAGES = new LoadMessages("room", 100, Transport.WS_JSON.wire());

    private static LoadConnection subscriber(final String user, final DeliveryTracker tracker)
    {
        return new LoadConnection(user, Transport.WS_JSON, true, MESSAGES, tracker);
    }

    @Test
    void shouldSumWhatEveryReceivingThreadRecordedWhenRead() throws Exception
    {
        final int total = 1_000;
        final DeliveryTracker tracker = new DeliveryTracker(total, 100);
        for (int i = 0; i < total; i++)
        {
            tracker.recordSend(i, 1_000L * i, 1_000L * i + 500); // sent 500 ns late
        }

        final int threads = 4;
        final CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++)
        {
            final LoadConnection connection = subscriber("s" + t, tracker);
            final long extraNs = 10_000L * (t + 1); // thread t receives each message 10 µs × (t + 1) after it was due
            new Thread(() ->
            {
                for (int i = 0; i < total; i++)
                {
                    tracker.onRoomMessage(connection, i, 1_000L * i + extraNs);
                }
                tracker.onAck(connection);
                done.countDown();
            }, "receiver-" + t).start();
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));

        assertEquals(threads * 900L, tracker.measuredDeliveries());
        assertEquals(threads * 100L, tracker.warmupDeliveries());
        assertEquals(threads, tracker.acks());
        assertEquals(0, tracker.gapMessages());
        assertEquals(0, tracker.outOfOrder());
        final Histogram intended = tracker.intendedHistogram();
        assertEquals(threads * 900L, intended.getTotalCount());
        assertEquals(10_000, intended.getMinValue(), 10);
        assertEquals(40_000, intended.getMaxValue(), 40);
        final Histogram actual = tracker.actualHistogram();
        assertEquals(threads * 900L, actual.getTotalCount());
        assertEquals(9_500, actual.getMinValue(), 10);
        assertEquals(1_000L * (total - 1) + 40_000, tracker.lastDeliveryNs());
    }

    @Test
    void shouldCountGapsRepeatsEchoesAndStrangersWhenIndexesAreNotInOrder()
    {
        final DeliveryTracker tracker = new DeliveryTracker(100, 0);
        for (int i = 0; i < 100; i++)
        {
            tracker.recordSend(i, i, i);
        }
        final LoadConnection connection = subscriber("s", tracker);
        final LoadConnection publisher = new LoadConnection("pub", Transport.WS_JSON, false, MESSAGES, tracker);

        tracker.onRoomMessage(connection, 0, 10);
        tracker.onRoomMessage(connection, 5, 20); // 1..4 skipped
        tracker.onRoomMessage(connection, 3, 30); // late
        tracker.onRoomMessage(connection, 100, 40); // never sent by this run
        tracker.onRoomMessage(publisher, 0, 50);

        assertEquals(3, tracker.measuredDeliveries());
        assertEquals(4, tracker.gapMessages());
        assertEquals(1, tracker.outOfOrder());
        assertEquals(1, tracker.unknownMessages());
        assertEquals(1, tracker.publisherEchoes());
        assertEquals(30, tracker.lastDeliveryNs());
    }

    @Test
    void shouldReportNoLastDeliveryWhenNothingWasMeasured()
    {
        final DeliveryTracker tracker = new DeliveryTracker(10, 5);
        tracker.recordSend(1, 1, 1);
        tracker.onRoomMessage(subscriber("s", tracker), 1, 100); // warm-up only

        assertEquals(Long.MIN_VALUE, tracker.lastDeliveryNs());
        assertEquals(0, tracker.intendedHistogram().getTotalCount());
        assertEquals(1, tracker.warmupDeliveries());
    }
}
