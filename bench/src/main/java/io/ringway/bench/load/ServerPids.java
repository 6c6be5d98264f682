package io.ringway.bench.load;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The server processes whose CPU a run charges: one for a server on its own, or a server and the
 * gateways linked to it ({@code ringway gateway}), whose CPU seconds are summed, since together they
 * do the work one process does alone.
 */
public final class ServerPids
{
    private static final ServerPids NONE = new ServerPids(new long[0]);

    private final long[] pids;

    private ServerPids(final long[] pids)
    {
        this.pids = pids;
    }

    public static ServerPids none()
    {
        return NONE;
    }

    /** @param pid one server, or 0 for none */
    public static ServerPids of(final long pid)
    {
        return pid > 0 ? new ServerPids(new long[] {pid}) : NONE;
    }

    /** @throws IllegalArgumentException for a pid that is not positive or given twice (its CPU would count twice) */
    public static ServerPids of(final List<Long> pids)
    {
        final long[] values = pids.stream().mapToLong(Long::longValue).toArray();
        for (final long pid : values)
        {
            if (pid <= 0)
            {
                throw new IllegalArgumentException("--server-pid must be > 0: " + pid);
            }
        }
        if (Arrays.stream(values).distinct().count() != values.length)
        {
            throw new IllegalArgumentException("--server-pid given twice: " + describe(values));
        }
        return values.length == 0 ? NONE : new ServerPids(values);
    }

    public boolean isEmpty()
    {
        return pids.length == 0;
    }

    public int size()
    {
        return pids.length;
    }

    public long get(final int index)
    {
        return pids[index];
    }

    /**
     * utime + stime of every process, summed, in clock ticks; {@link CpuSample#NO_SERVER} when there is none or
     * one cannot be read (a partial sum would undercount the servers' CPU without saying so).
     */
    public long cpuTicks()
    {
        if (pids.length == 0)
        {
            return CpuSample.NO_SERVER;
        }
        long sum = 0;
        for (final long pid : pids)
        {
            final long ticks = CpuSample.readServerTicks(pid);
            if (ticks < 0)
            {
                return CpuSample.NO_SERVER;
            }
            sum += ticks;
        }
        return sum;
    }

    /** {@code pid 4242}, or {@code pids 4242+4343} for a server and its linked gateways. */
    public String describe()
    {
        return describe(pids);
    }

    private static String describe(final long[] values)
    {
        return (values.length == 1 ? "pid " : "pids ") + Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining("+"));
    }

    @Override
    public String toString()
    {
        return describe();
    }
}
