package io.ringway.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What idle conns connections report after their join: nothing is expected but keep-alives. */
final class ConnsTracker implements InboundListener
{
    private final LongAdder unexpectedMessages = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> earlyCloses = new ConcurrentHashMap<>();

    @Override
    public void onRoomMessage(final LoadConnection connection, final long index, final long receivedNs)
    {
        unexpectedMessages.increment(); // every run has its own rooms, and nobody publishes
    }

    @Override
    public void onAck(final LoadConnection connection)
    {
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

    long unexpectedMessages()
    {
        return unexpectedMessages.sum();
    }

    Map<String, Long> errors()
    {
        return snapshot(errors);
    }

    Map<String, Long> earlyCloses()
    {
        return snapshot(earlyCloses);
    }

    static Map<String, Long> snapshot(final Map<String, LongAdder> counters)
    {
        final Map<String, Long> sorted = new TreeMap<>();
        counters.forEach((key, value) -> sorted.put(key, value.sum()));
        return sorted;
    }
}
