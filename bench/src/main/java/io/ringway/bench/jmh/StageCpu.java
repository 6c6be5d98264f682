package io.ringway.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU nanoseconds per operation of each engine thread ({@code ringway-*}) and of JMH's worker
 * (the producer), between {@link #start} and {@link #report}. Read from the JVM's per-thread CPU
 * clocks, so time a thread spent spinning or yielding while it waited counts too: that is CPU
 * the other stages could not use on a machine with fewer cores than busy threads.
 */
final class StageCpu
{
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, Long> startNs = new LinkedHashMap<>();
    private long startOps;

    void start(final long ops)
    {
        startOps = ops;
        startNs.clear();
        startNs.putAll(sample());
    }

    String report(final long ops)
    {
        final long count = Math.max(1, ops - startOps);
        final StringBuilder line = new StringBuilder("cpu ns/op:");
        double total = 0;
        for (final Map.Entry<String, Long> thread : sample().entrySet())
        {
            final Long before = startNs.get(thread.getKey());
            if (before == null)
            {
                continue;
            }
            final double perOp = (thread.getValue() - before) / (double)count;
            total += perOp;
            line.append(String.format(Locale.ROOT, " %s=%.0f", thread.getKey(), perOp));
        }
        final int cores = Runtime.getRuntime().availableProcessors();
        line.append(String.format(Locale.ROOT, " | sum=%.0f -> at most %.2fM ops/s on %d cores", total, cores * 1e3 / total, cores));
        return line.toString();
    }

    private Map<String, Long> sample()
    {
        final Map<String, Long> cpu = new LinkedHashMap<>();
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds()))
        {
            if (info == null)
            {
                continue;
            }
            final String name = info.getThreadName();
            if (name.startsWith("ringway-") || name.contains("jmh-worker"))
            {
                final long ns = threads.getThreadCpuTime(info.getThreadId());
                if (ns >= 0)
                {
                    cpu.put(name.contains("jmh-worker") ? "producer" : name.substring("ringway-".length()), ns);
                }
            }
        }
        return cpu;
    }
}
