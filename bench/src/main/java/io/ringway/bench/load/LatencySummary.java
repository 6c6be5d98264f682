package io.ringway.bench.load;

import org.HdrHistogram.Histogram;

/**
 * The percentiles a summary reports, in microseconds, from a histogram of nanoseconds.
 */
public record LatencySummary(long count, double mean, double p50, double p90, double p99, double p999, double p9999, double max)
{
    /** Percentile levels in report order, with the labels and JSON keys used for them (max last). */
    public static final double[] LEVELS = {50.0, 90.0, 99.0, 99.9, 99.99, 100.0};
    public static final String[] LABELS = {"p50", "p90", "p99", "p99.9", "p99.99", "max"};
    public static final String[] KEYS = {"p50", "p90", "p99", "p99_9", "p99_99", "max"};

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary of(final Histogram histogramNs)
    {
        if (histogramNs.getTotalCount() == 0)
        {
            return EMPTY;
        }
        return new LatencySummary(
            histogramNs.getTotalCount(),
            micros(histogramNs.getMean()),
            micros(histogramNs.getValueAtPercentile(50.0)),
            micros(histogramNs.getValueAtPercentile(90.0)),
            micros(histogramNs.getValueAtPercentile(99.0)),
            micros(histogramNs.getValueAtPercentile(99.9)),
            micros(histogramNs.getValueAtPercentile(99.99)),
            micros(histogramNs.getMaxValue()));
    }

    /** Values in {@link #LEVELS} order. */
    public double[] values()
    {
        return new double[] {p50, p90, p99, p999, p9999, max};
    }

    private static double micros(final double nanos)
    {
        return Math.round(nanos / 100.0) / 10.0; // one decimal of a microsecond
    }
}
