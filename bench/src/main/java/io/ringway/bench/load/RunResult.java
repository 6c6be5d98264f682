package io.ringway.bench.load;

import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one run: counts, rates, latency histograms (ns) and CPU use. A plain data
 * holder filled by {@link LoadRun} and read by {@link RunReport}.
 */
public final class RunResult
{
    /** Client CPU use above this fraction of the machine's cores earns a WARNING. */
    public static final double CLIENT_CPU_WARNING_FRACTION = 0.8;

    public RunConfig config;
    public Instant startedAt = Instant.now();
    public boolean aborted;
    public String abortReason;
    /** The run was cut at warm-up + duration + 30 s (as opposed to, say, the server closing the publisher). */
    public boolean timeBoundHit;

    public long sentTotal;
    public long sentWarmup;
    public long sentMeasured;
    public long expected;
    public long received;
    public long lost;
    public long warmupReceived;
    public long publisherEchoes;
    public long outOfOrder;
    public long gapMessages;
    public long unknownMessages;
    public long acks;
    public long sendsWhileUnwritable;
    public Map<String, Long> errors = new TreeMap<>();
    public Map<String, Long> earlyCloses = new TreeMap<>();

    public double measuredWindowS;
    public double achievedSendRate;
    public double deliveriesPerSec;
    public double drainWaitS;

    public Histogram intendedNs = emptyHistogram();
    public Histogram actualNs = emptyHistogram();
    /** How late the sender was against the schedule (actual − intended send), ns. */
    public Histogram sendLagNs = emptyHistogram();

    public int machineCores = CpuSample.machineCores();
    public double clientCpuS;
    public double clientCores;

    /** Negative when no server pid was given or /proc could not be read. */
    public double serverCpuS = -1;
    public double serverCores = -1;
    public double deliveriesPerServerCpuS = -1;

    /** Exit code of a finished run: 0, {@link LoadGeneratorMain#EXIT_ABORTED} at the time bound, else failed. */
    public int exitCode()
    {
        if (!aborted)
        {
            return LoadGeneratorMain.EXIT_OK;
        }
        return timeBoundHit ? LoadGeneratorMain.EXIT_ABORTED : LoadGeneratorMain.EXIT_FAILED;
    }

    public static Histogram emptyHistogram()
    {
        return new Histogram(DeliveryTracker.HIGHEST_TRACKABLE_NS, DeliveryTracker.SIGNIFICANT_DIGITS);
    }

    public LatencySummary intended()
    {
        return LatencySummary.of(intendedNs);
    }

    public LatencySummary actual()
    {
        return LatencySummary.of(actualNs);
    }

    public LatencySummary sendLag()
    {
        return LatencySummary.of(sendLagNs);
    }

    public double clientCpuFraction()
    {
        return machineCores == 0 ? 0 : clientCores / machineCores;
    }

    /** True when the client itself may have been the bottleneck. */
    public boolean clientCpuWarning()
    {
        return clientCpuFraction() > CLIENT_CPU_WARNING_FRACTION;
    }

    public boolean hasServerCpu()
    {
        return serverCpuS >= 0;
    }

    /** The WARNING line for stdout and the Markdown, or null. */
    public String clientCpuWarningText()
    {
        if (!clientCpuWarning())
        {
            return null;
        }
        return String.format(java.util.Locale.ROOT,
            "WARNING: the load generator used %.2f of %d cores (%.0f %%): the client, not the server, may be the bottleneck",
            clientCores, machineCores, 100 * clientCpuFraction());
    }
}
