package io.ringway.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Send times and everything received during one run. The sender thread stores each message's
 * intended (due) and actual send time in preallocated arrays indexed by message index; event-loop
 * threads look them up on receipt and record latencies into two {@link Recorder}s (nanoseconds).
 * Messages with an index below {@code warmupCount} are counted but not recorded.
 */
public final class DeliveryTracker implements InboundListener
{
    /** Highest latency the histograms track: 60 s. Longer ones are clamped (and reported as the max). */
    public static final long HIGHEST_TRACKABLE_NS = 60_000_000_000L;
    public static final int SIGNIFICANT_DIGITS = 3;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long NOT_SENT = Long.MIN_VALUE;

    private final int totalCount;
    private final int warmupCount;
    private final long[] intendedNs;
    private final long[] actualNs;
    private final Recorder intended = new Recorder(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    private final Recorder actual = new Recorder(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);

    private final LongAdder measuredDeliveries = new LongAdder();
    private final LongAdder warmupDeliveries = new LongAdder();
    private final LongAdder publisherEchoes = new LongAdder();
    private final LongAdder unknownMessages = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    private final LongAdder gapMessages = new LongAdder();
    private final LongAdder acks = new LongAdder();
    private final LongAccumulator lastDeliveryNs = new LongAccumulator(Math::max, Long.MIN_VALUE);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> earlyCloses = new ConcurrentHashMap<>();

    public DeliveryTracker(final int totalCount, final int warmupCount)
    {
        if (totalCount <= 0 || warmupCount < 0 || warmupCount >= totalCount)
        {
            throw new IllegalArgumentException("need 0 <= warmup < total: " + warmupCount + ", " + totalCount);
        }
        this.totalCount = totalCount;
        this.warmupCount = warmupCount;
        this.intendedNs = new long[totalCount];
        this.actualNs = new long[totalCount];
        Arrays.fill(actualNs, NOT_SENT);
    }

    public int totalCount()
    {
        return totalCount;
    }

    public int warmupCount()
    {
        return warmupCount;
    }

    /** Sender thread, before the message is written. */
    public void recordSend(final int index, final long intendedSendNs, final long actualSendNs)
    {
        LONGS.setRelease(intendedNs, index, intendedSendNs);
        LONGS.setRelease(actualNs, index, actualSendNs);
    }

    @Override
    public void onRoomMessage(final LoadConnection connection, final long index, final long receivedNs)
    {
        if (index < 0 || index >= totalCount)
        {
            unknownMessages.increment();
            return;
        }
        if (index <= connection.lastIndex)
        {
            outOfOrder.increment();
        }
        else
        {
            if (index > connection.lastIndex + 1)
            {
                gapMessages.add(index - connection.lastIndex - 1);
            }
            connection.lastIndex = index;
        }

        if (!connection.measured())
        {
            publisherEchoes.increment();
            return;
        }
        if (index < warmupCount)
        {
            warmupDeliveries.increment();
            return;
        }
        final int i = (int)index;
        final long sentNs = (long)LONGS.getAcquire(actualNs, i);
        if (sentNs == NOT_SENT)
        {
            unknownMessages.increment(); // cannot happen unless someone else publishes our indexes
            return;
        }
        final long dueNs = (long)LONGS.getAcquire(intendedNs, i);
        intended.recordValue(clamp(receivedNs - dueNs));
        actual.recordValue(clamp(receivedNs - sentNs));
        measuredDeliveries.increment();
        lastDeliveryNs.accumulate(receivedNs);
    }

    @Override
    public void onAck(final LoadConnection connection)
    {
        acks.increment();
    }

    @Override
    public void onError(final LoadConnection connection, final String code)
    {
        errors.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    @Override
    public void onClosedEarly(final LoadConnection connection, final String reason)
    {
        earlyCloses.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    static long clamp(final long valueNs)
    {
        return Math.max(0, Math.min(valueNs, HIGHEST_TRACKABLE_NS));
    }

    /** Latency from the intended send time (coordinated-omission corrected). Call once, at the end. */
    public Histogram intendedHistogram()
    {
        return intended.getIntervalHistogram();
    }

    /** Latency from the actual send time. Call once, at the end. */
    public Histogram actualHistogram()
    {
        return actual.getIntervalHistogram();
    }

    public long measuredDeliveries()
    {
        return measuredDeliveries.sum();
    }

    public long warmupDeliveries()
    {
        return warmupDeliveries.sum();
    }

    public long publisherEchoes()
    {
        return publisherEchoes.sum();
    }

    public long unknownMessages()
    {
        return unknownMessages.sum();
    }

    public long outOfOrder()
    {
        return outOfOrder.sum();
    }

    public long gapMessages()
    {
        return gapMessages.sum();
    }

    public long acks()
    {
        return acks.sum();
    }

    /** nanoTime of the last measured delivery, or {@link Long#MIN_VALUE} if none. */
    public long lastDeliveryNs()
    {
        return lastDeliveryNs.get();
    }

    public Map<String, Long> errors()
    {
        return snapshot(errors);
    }

    public Map<String, Long> earlyCloses()
    {
        return snapshot(earlyCloses);
    }

    private static Map<String, Long> snapshot(final Map<String, LongAdder> counters)
    {
        final Map<String, Long> sorted = new TreeMap<>();
        counters.forEach((key, value) -> sorted.put(key, value.sum()));
        return sorted;
    }
}
