package io.ringway.bench.load;

/**
 * Everything one conns run needs.
 *
 * @param target             where to connect (transport included)
 * @param connections        connections to open and hold
 * @param rooms              rooms the connections join, round robin
 * @param sourceAddresses    local addresses 127.0.0.1 .. 127.0.0.N the connections are spread over
 * @param openRate           connections started per second, at most
 * @param connectConcurrency connections being opened (not yet acknowledged) at once, at most
 * @param openTimeoutS       bound of the open phase, seconds
 * @param settleS            seconds the open connections are held idle before the "after" measurement
 * @param runTag             unique prefix of user and room names
 * @param ioThreads          client Netty event-loop threads
 * @param serverPid          server pid for RSS and heap, or 0
 */
public record ConnsConfig(
    LoadTarget target,
    int connections,
    int rooms,
    int sourceAddresses,
    long openRate,
    int connectConcurrency,
    int openTimeoutS,
    int settleS,
    String runTag,
    int ioThreads,
    long serverPid)
{
    public ConnsConfig
    {
        if (connections < 1)
        {
            throw new IllegalArgumentException("--connections must be >= 1");
        }
        if (rooms < 1 || rooms > connections)
        {
            throw new IllegalArgumentException("--rooms must be 1..connections");
        }
        if (sourceAddresses < 1 || sourceAddresses > 254)
        {
            throw new IllegalArgumentException("--source-addresses must be 1..254 (127.0.0.1 .. 127.0.0.254)");
        }
        if (openRate < 1 || connectConcurrency < 1 || ioThreads < 1)
        {
            throw new IllegalArgumentException("--open-rate, --connect-concurrency and --io-threads must be >= 1");
        }
        if (openTimeoutS < 1 || settleS < 0 || settleS > 3600)
        {
            throw new IllegalArgumentException("--open-timeout-s must be >= 1 and --settle-s 0..3600");
        }
        LoadMessages.requireSafeName("user", runTag + "-c" + connections);
    }

    /** The default open phase bound: the schedule's length plus 30 s for the last handshakes. */
    public static int defaultOpenTimeoutS(final int connections, final long openRate)
    {
        return (int)Math.min(Integer.MAX_VALUE, (connections + openRate - 1) / openRate + 30);
    }

    /** Room of connection {@code i}. */
    public String room(final int roomIndex)
    {
        return runTag + "-r" + roomIndex;
    }

    /** Last octet of connection {@code i}'s source address: 1 .. sourceAddresses, round robin. */
    public int sourceOctet(final int i)
    {
        return 1 + i % sourceAddresses;
    }
}
