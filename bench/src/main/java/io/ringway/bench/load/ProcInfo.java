package io.ringway.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the conns scenario reads from /proc: a process's resident set size, its open-files limit
 * and how many files it has open, and whether it is a JVM at all.
 */
public final class ProcInfo
{
    public static final long UNKNOWN = -1;

    private ProcInfo()
    {
    }

    /** VmRSS of {@code /proc/PID/status} in KiB, or {@link #UNKNOWN}. */
    public static long rssKb(final long pid)
    {
        try
        {
            return parseVmRssKb(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        }
        catch (final IOException | RuntimeException ex)
        {
            return UNKNOWN;
        }
    }

    /** The {@code VmRSS:   123456 kB} line's number, or {@link #UNKNOWN}. */
    public static long parseVmRssKb(final String status)
    {
        for (final String line : status.split("\\R"))
        {
            if (line.startsWith("VmRSS:"))
            {
                final String[] fields = line.substring("VmRSS:".length()).trim().split("\\s+");
                return Long.parseLong(fields[0]);
            }
        }
        return UNKNOWN;
    }

    /** The soft "Max open files" limit of {@code /proc/<self|PID>/limits}, or {@link #UNKNOWN}. */
    public static long openFilesLimit(final String proc)
    {
        try
        {
            return parseOpenFilesSoftLimit(Files.readString(Path.of("/proc", proc, "limits")));
        }
        catch (final IOException | RuntimeException ex)
        {
            return UNKNOWN;
        }
    }

    /** {@code Max open files   20000   20000   files}: the soft limit (first number); unlimited is Long.MAX_VALUE. */
    public static long parseOpenFilesSoftLimit(final String limits)
    {
        for (final String line : limits.split("\\R"))
        {
            if (line.startsWith("Max open files"))
            {
                final String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return UNKNOWN;
    }

    /** Entries of {@code /proc/<self|PID>/fd}, or {@link #UNKNOWN}. */
    public static long openFiles(final String proc)
    {
        try (Stream<Path> fds = Files.list(Path.of("/proc", proc, "fd")))
        {
            return fds.count();
        }
        catch (final IOException | RuntimeException ex)
        {
            return UNKNOWN;
        }
    }

    /**
     * True when {@code pid} has libjvm mapped. jcmd must only be pointed at a JVM: to start the
     * attach listener it sends SIGQUIT, which kills most other programs (nats-server included).
     */
    public static boolean isJvm(final long pid)
    {
        try (Stream<String> maps = Files.lines(Path.of("/proc", Long.toString(pid), "maps"), StandardCharsets.ISO_8859_1))
        {
            return maps.anyMatch(line -> line.endsWith("/libjvm.so"));
        }
        catch (final IOException | RuntimeException ex)
        {
            return false;
        }
    }
}
