package io.ringway.bench.load;

import io.netty.util.concurrent.FastThreadLocal;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Send times and everything received during one run. The sender thread stores each message's
 * intended (due) and actual send time in preallocated arrays indexed by message index; event-loop
 * threads look them up on receipt and record latencies (nanoseconds). Messages with an index below
 * {@code warmupCount} are counted but not recorded.
 *
 * <p>Each receiving thread records into its own {@link ThreadStats}: two single-writer recorders
 * and plain counters, summed when read. Shared counters and a shared concurrent recorder cost a
 * dozen contended atomic operations per delivery, about a whole core at a million deliveries a
 * second on two cores, which took CPU from the server being measured.
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
    /** Every thread's stats, for the readers; a thread adds its own on first use. */
    private final Queue<ThreadStats> allStats = new ConcurrentLinkedQueue<>();
    private final FastThreadLocal<ThreadStats> threadStats = new FastThreadLocal<>()
    {
        @Override
        protected ThreadStats initialValue()
        {
            final ThreadStats stats = new ThreadStats(); // allocated by its own thread: no false sharing with the others
            allStats.add(stats);
            return stats;
        }
    };
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
        final ThreadStats stats = threadStats.get();
        if (index < 0 || index >= totalCount)
        {
            stats.add(ThreadStats.UNKNOWN, 1);
            return;
        }
        if (index <= connection.lastIndex)
        {
            stats.add(ThreadStats.OUT_OF_ORDER, 1);
        }
        else
        {
            if (index > connection.lastIndex + 1)
            {
                stats.add(ThreadStats.GAPS, index - connection.lastIndex - 1);
            }
            connection.lastIndex = index;
        }

        if (!connection.measured())
        {
            stats.add(ThreadStats.ECHOES, 1);
            return;
        }
        if (index < warmupCount)
        {
            stats.add(ThreadStats.WARMUP, 1);
            return;
        }
        final int i = (int)index;
        final long sentNs = (long)LONGS.getAcquire(actualNs, i);
        if (sentNs == NOT_SENT)
        {
            stats.add(ThreadStats.UNKNOWN, 1); // cannot happen unless someone else publishes our indexes
            return;
        }
        final long dueNs = (long)LONGS.getAcquire(intendedNs, i);
        stats.intended.recordValue(clamp(receivedNs - dueNs));
        stats.actual.recordValue(clamp(receivedNs - sentNs));
        stats.add(ThreadStats.MEASURED, 1);
        stats.set(ThreadStats.LAST_DELIVERY_NS, receivedNs); // one thread's receipts are in time order
    }

    @Override
    public void onAck(final LoadConnection connection)
    {
        threadStats.get().add(ThreadStats.ACKS, 1);
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
        final Histogram sum = newHistogram();
        allStats.forEach(stats -> sum.add(stats.intended.getIntervalHistogram()));
        return sum;
    }

    /** Latency from the actual send time. Call once, at the end. */
    public Histogram actualHistogram()
    {
        final Histogram sum = newHistogram();
        allStats.forEach(stats -> sum.add(stats.actual.getIntervalHistogram()));
        return sum;
    }

    private static Histogram newHistogram()
    {
        return new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    }

    public long measuredDeliveries()
    {
        return sum(ThreadStats.MEASURED);
    }

    public long warmupDeliveries()
    {
        return sum(ThreadStats.WARMUP);
    }

    public long publisherEchoes()
    {
        return sum(ThreadStats.ECHOES);
    }

    public long unknownMessages()
    {
        return sum(ThreadStats.UNKNOWN);
    }

    public long outOfOrder()
    {
        return sum(ThreadStats.OUT_OF_ORDER);
    }

    public long gapMessages()
    {
        return sum(ThreadStats.GAPS);
    }

    public long acks()
    {
        return sum(ThreadStats.ACKS);
    }

    /** nanoTime of the last measured delivery, or {@link Long#MIN_VALUE} if none. */
    public long lastDeliveryNs()
    {
        long last = Long.MIN_VALUE;
        for (final ThreadStats stats : allStats)
        {
            last = Math.max(last, stats.get(ThreadStats.LAST_DELIVERY_NS));
        }
        return last;
    }

    private long sum(final int counter)
    {
        long sum = 0;
        for (final ThreadStats stats : allStats)
        {
            sum += stats.get(counter);
        }
        return sum;
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

    /**
     * What one receiving thread recorded. Only that thread writes; readers on other threads see each
     * counter whole but possibly a moment old (opaque access), and each recorder is safe to read
     * while its thread records.
     */
    private static final class ThreadStats
    {
        static final int MEASURED = 0;
        static final int WARMUP = 1;
        static final int ECHOES = 2;
        static final int UNKNOWN = 3;
        static final int OUT_OF_ORDER = 4;
        static final int GAPS = 5;
        static final int ACKS = 6;
        static final int LAST_DELIVERY_NS = 7;

        final SingleWriterRecorder intended = new SingleWriterRecorder(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
        final SingleWriterRecorder actual = new SingleWriterRecorder(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
        private final long[] counters = new long[8];

        ThreadStats()
        {
            counters[LAST_DELIVERY_NS] = Long.MIN_VALUE; // none yet; a reader never sees a delivery count without its time as 0
        }

        void add(final int counter, final long delta)
        {
            LONGS.setOpaque(counters, counter, counters[counter] + delta); // the owner's plain read is its own last write
        }

        void set(final int counter, final long value)
        {
            LONGS.setOpaque(counters, counter, value);
        }

        long get(final int counter)
        {
            return (long)LONGS.getOpaque(counters, counter);
        }
    }
}
