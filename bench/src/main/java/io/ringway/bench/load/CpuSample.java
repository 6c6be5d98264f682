package io.ringway.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One instant's CPU counters: wall clock, this JVM's CPU time and, when server pids are given,
 * the servers' utime + stime from {@code /proc/PID/stat}, summed.
 */
public final class CpuSample
{
    /**
     * {@code /proc/PID/stat} counts in clock ticks of USER_HZ, which is 100 on every Linux
     * (it is part of the user-space ABI, independent of the kernel's HZ).
     */
    public static final long USER_HZ = 100;

    public static final long NO_SERVER = -1;

    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();

    public final long wallNs;
    public final long processCpuNs;
    public final long serverTicks;

    public CpuSample(final long wallNs, final long processCpuNs, final long serverTicks)
    {
        this.wallNs = wallNs;
        this.processCpuNs = processCpuNs;
        this.serverTicks = serverTicks;
    }

    /** Samples now; no pids means no server counters. */
    public static CpuSample take(final ServerPids servers)
    {
        final long serverTicks = servers.cpuTicks();
        return new CpuSample(System.nanoTime(), OS.getProcessCpuTime(), serverTicks);
    }

    /** utime + stime of {@code pid} in clock ticks, or {@link #NO_SERVER} if it cannot be read. */
    public static long readServerTicks(final long pid)
    {
        try
        {
            return parseCpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        }
        catch (final IOException | RuntimeException ex)
        {
            return NO_SERVER;
        }
    }

    /**
     * utime (field 14) + stime (field 15) of a {@code /proc/PID/stat} line. The command name
     * (field 2) is in parentheses and may hold spaces or parentheses, so fields are counted from
     * the last {@code ')'}.
     */
    public static long parseCpuTicks(final String statLine)
    {
        final int close = statLine.lastIndexOf(')');
        if (close < 0)
        {
            throw new IllegalArgumentException("not a /proc/PID/stat line");
        }
        final String[] fields = statLine.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state), so field k is fields[k - 3]
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }

    public static int machineCores()
    {
        return Runtime.getRuntime().availableProcessors();
    }
}
