package io.ringway.bench.load;

import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one conns run: how many connections opened and how fast, why the others failed,
 * join-ack latencies (ns) and, with a server pid, the server's memory before and after.
 */
public final class ConnsResult
{
    public ConnsConfig config;
    public Instant startedAt = Instant.now();
    public boolean aborted;
    public String abortReason;

    public long attempted;
    public long opened;
    public long failed;
    public Map<String, Long> failures = new TreeMap<>();
    /** From the first connection started to the last join acknowledged. */
    public double openPhaseS;
    public double openRateAchieved;
    /** Still open after the settle period, when the "after" footprint is taken. */
    public long held;
    public Map<String, Long> earlyCloses = new TreeMap<>();
    public Map<String, Long> errors = new TreeMap<>();
    public long unexpectedMessages;

    /** Connect start to join ack: TCP connect, WebSocket handshake, identity, join. */
    public Histogram openLatencyNs = RunResult.emptyHistogram();
    /** Join sent to join ack. */
    public Histogram joinLatencyNs = RunResult.emptyHistogram();

    public ServerFootprint before;
    public ServerFootprint after;
    public List<String> warnings = new ArrayList<>();

    public LatencySummary openLatency()
    {
        return LatencySummary.of(openLatencyNs);
    }

    public LatencySummary joinLatency()
    {
        return LatencySummary.of(joinLatencyNs);
    }

    /** RSS growth per held connection in bytes, or -1. */
    public double rssPerConnectionBytes()
    {
        if (before == null || after == null || before.rssKb() < 0 || after.rssKb() < 0 || held == 0)
        {
            return -1;
        }
        return (after.rssKb() - before.rssKb()) * 1024.0 / held;
    }

    /** Live heap growth per held connection in bytes, or -1. */
    public double heapPerConnectionBytes()
    {
        if (before == null || after == null || !before.hasHeap() || !after.hasHeap() || held == 0)
        {
            return -1;
        }
        return (after.heapBytes() - before.heapBytes()) / (double)held;
    }

    public int exitCode()
    {
        if (aborted)
        {
            return LoadGeneratorMain.EXIT_ABORTED;
        }
        return opened == 0 ? LoadGeneratorMain.EXIT_FAILED : LoadGeneratorMain.EXIT_OK;
    }
}
