package io.ringway.bench.load;

import java.util.Locale;
import java.util.Map;

/**
 * {@code summary.md} of a run (also what the run prints): a heading, a latency table and a
 * table of counts, rates and CPU use.
 */
public final class SummaryMarkdown
{
    private SummaryMarkdown()
    {
    }

    public static String toMarkdown(final RunResult r)
    {
        final RunConfig c = r.config;
        final StringBuilder md = new StringBuilder(2048);
        md.append(String.format(Locale.ROOT, "# %s · %s · %,d msg/s · %d s measured (+%d s warm-up)%n%n",
            c.scenario(), c.target().transport(), c.rate(), c.durationS(), c.warmupS()));
        md.append(String.format(Locale.ROOT, "Target `%s`%s, room `%s`, payload %d B%s, started %s.%n%n",
            c.target().describe(), c.subscriberTargets().isEmpty() ? "" : " with subscribers spread over it and " + c.subscriberTargets(),
            c.room(), c.payloadBytes(),
            c.scenario() == Scenario.FANOUT ? ", " + c.subscribers() + " subscribers" : "", r.startedAt));
        if (r.aborted)
        {
            md.append("**ABORTED:** ").append(r.abortReason).append("\n\n");
        }
        final String warning = r.clientCpuWarningText();
        if (warning != null)
        {
            md.append("**").append(warning).append("**\n\n");
        }

        md.append("| latency (µs) |");
        for (final String label : LatencySummary.LABELS)
        {
            md.append(' ').append(label).append(" |");
        }
        md.append(" mean | count |\n|---|");
        md.append("---:|".repeat(LatencySummary.LABELS.length + 2)).append('\n');
        latencyRow(md, "from intended send", r.intended());
        latencyRow(md, "from actual send", r.actual());
        latencyRow(md, "sender lag", r.sendLag());
        md.append('\n');

        md.append("| metric | value |\n|---|---:|\n");
        row(md, "sent (measured)", String.format(Locale.ROOT, "%,d", r.sentMeasured));
        row(md, "expected deliveries", String.format(Locale.ROOT, "%,d", r.expected));
        row(md, "received", String.format(Locale.ROOT, "%,d", r.received));
        row(md, "lost", String.format(Locale.ROOT, "%,d", r.lost));
        row(md, "deliveries/s", String.format(Locale.ROOT, "%,.1f", r.deliveriesPerSec));
        row(md, "achieved send rate", String.format(Locale.ROOT, "%,.1f msg/s", r.achievedSendRate));
        row(md, "acks", String.format(Locale.ROOT, "%,d", r.acks));
        row(md, "errors", counts(r.errors));
        row(md, "early closes", counts(r.earlyCloses));
        row(md, "out of order / gap messages / unknown",
            String.format(Locale.ROOT, "%d / %d / %d", r.outOfOrder, r.gapMessages, r.unknownMessages));
        row(md, "sends while unwritable", Long.toString(r.sendsWhileUnwritable));
        row(md, "drain wait", String.format(Locale.ROOT, "%.2f s", r.drainWaitS));
        row(md, "client CPU", String.format(Locale.ROOT, "%.2f cores of %d (%.0f %%), %s transport",
            r.clientCores, r.machineCores, 100 * r.clientCpuFraction(), c.target().clientIo().label()));
        if (r.hasServerCpu())
        {
            row(md, "server CPU", String.format(Locale.ROOT, "%.2f s, %.2f cores (%s)", r.serverCpuS, r.serverCores, c.serverPids()));
            row(md, "deliveries per server CPU-s", String.format(Locale.ROOT, "%,.0f", r.deliveriesPerServerCpuS));
        }
        return md.toString();
    }

    private static void latencyRow(final StringBuilder md, final String name, final LatencySummary latency)
    {
        md.append("| ").append(name).append(" |");
        for (final double value : latency.values())
        {
            md.append(String.format(Locale.ROOT, " %,.1f |", value));
        }
        md.append(String.format(Locale.ROOT, " %,.1f | %,d |%n", latency.mean(), latency.count()));
    }

    private static void row(final StringBuilder md, final String name, final String value)
    {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String counts(final Map<String, Long> counts)
    {
        if (counts.isEmpty())
        {
            return "none";
        }
        final StringBuilder text = new StringBuilder();
        counts.forEach((key, value) -> text.append(text.length() == 0 ? "" : ", ").append(key.replace('|', '/')).append(": ").append(value));
        return text.toString();
    }
}
