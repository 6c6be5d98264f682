package io.ringway.bench.load;

import java.util.Locale;

/**
 * Whether a process may open {@code n} more sockets under its RLIMIT_NOFILE. Checked before the
 * conns scenario opens anything, so too many connections end in one clear message rather than in
 * "Too many open files" half way through (the JVM raises its soft limit to the hard limit at start,
 * and the hard limit can only be raised by root).
 */
public final class FdHeadroom
{
    /** Descriptors kept free for the JVM, Netty's selectors, jcmd pipes and result files. */
    static final long RESERVE = 100;

    private FdHeadroom()
    {
    }

    /** Sockets {@code /proc/<proc>} may still open, or {@link ProcInfo#UNKNOWN}. */
    public static long headroom(final long limit, final long open)
    {
        if (limit < 0 || open < 0)
        {
            return ProcInfo.UNKNOWN;
        }
        return limit == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, limit - open - RESERVE);
    }

    /** The error for the client when {@code connections} does not fit, else null. */
    public static String clientError(final long connections, final long limit, final long open)
    {
        final long headroom = headroom(limit, open);
        if (headroom == ProcInfo.UNKNOWN || connections <= headroom)
        {
            return null;
        }
        return String.format(Locale.ROOT,
            "--connections %d does not fit this process's open-files limit: RLIMIT_NOFILE %d, %d open, %d kept in reserve, " +
                "so at most %d connections. Lower --connections (or raise the hard limit: `ulimit -Hn` needs root), " +
                "or split the load over several generator processes.",
            connections, limit, open, RESERVE, headroom);
    }

    /** A warning when the server (one descriptor per connection) will run out first, else null. */
    public static String serverWarning(final long connections, final long serverPid, final long limit, final long open)
    {
        final long headroom = headroom(limit, open);
        if (headroom == ProcInfo.UNKNOWN || connections <= headroom)
        {
            return null;
        }
        return String.format(Locale.ROOT,
            "the server (pid %d) has RLIMIT_NOFILE %d with %d open: about %d more connections fit, fewer than the %d asked for",
            serverPid, limit, open, headroom, connections);
    }
}
