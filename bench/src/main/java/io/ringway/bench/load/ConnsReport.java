package io.ringway.bench.load;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a conns run's files: {@code summary.json}, {@code summary.md}, {@code latency-open.hgrm},
 * {@code latency-join.hgrm} (µs) and {@code latency-join.png}.
 */
public final class ConnsReport
{
    public static final String OPEN_HGRM = "latency-open.hgrm";
    public static final String JOIN_HGRM = "latency-join.hgrm";
    public static final String JOIN_PNG = "latency-join.png";

    private ConnsReport()
    {
    }

    public static List<String> write(final ConnsResult result, final Path dir, final PrintStream log) throws IOException
    {
        final List<String> written = new ArrayList<>();
        RunReport.writeHgrm(dir.resolve(OPEN_HGRM), result.openLatencyNs);
        written.add(OPEN_HGRM);
        RunReport.writeHgrm(dir.resolve(JOIN_HGRM), result.joinLatencyNs);
        written.add(JOIN_HGRM);
        Files.writeString(dir.resolve(RunReport.SUMMARY_JSON), toJson(result), StandardCharsets.UTF_8);
        written.add(RunReport.SUMMARY_JSON);
        Files.writeString(dir.resolve(RunReport.SUMMARY_MD), toMarkdown(result), StandardCharsets.UTF_8);
        written.add(RunReport.SUMMARY_MD);
        try
        {
            final Map<String, org.HdrHistogram.Histogram> series = new LinkedHashMap<>();
            series.put("connect start to join ack", result.openLatencyNs);
            series.put("join sent to join ack", result.joinLatencyNs);
            final String title = String.format(Locale.ROOT, "conns %s, %,d connections", result.config.target().transport(), result.opened);
            if (Charts.percentileSpectrum(dir.resolve(JOIN_PNG), title, series))
            {
                written.add(JOIN_PNG);
            }
        }
        catch (final RuntimeException | IOException | LinkageError ex)
        {
            log.println("ringway bench: could not draw " + JOIN_PNG + ": " + ex);
        }
        return written;
    }

    public static String toJson(final ConnsResult r)
    {
        final ConnsConfig c = r.config;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8).useDefaultPrettyPrinter())
        {
            json.writeStartObject();
            json.writeStringField("scenario", "conns");
            json.writeStringField("transport", c.target().transport().label());
            json.writeStringField("target", c.target().describe());
            json.writeStringField("startedAt", r.startedAt.toString());
            json.writeNumberField("connections", c.connections());
            json.writeNumberField("rooms", c.rooms());
            json.writeNumberField("sourceAddresses", c.sourceAddresses());
            json.writeNumberField("openRate", c.openRate());
            json.writeNumberField("settleS", c.settleS());
            json.writeBooleanField("aborted", r.aborted);
            if (r.abortReason != null)
            {
                json.writeStringField("abortReason", r.abortReason);
            }
            json.writeNumberField("attempted", r.attempted);
            json.writeNumberField("opened", r.opened);
            json.writeNumberField("failed", r.failed);
            counts(json, "failures", r.failures);
            json.writeNumberField("openPhaseS", SummaryJson.round(r.openPhaseS, 3));
            json.writeNumberField("openRateAchieved", SummaryJson.round(r.openRateAchieved, 1));
            json.writeNumberField("heldAfterSettle", r.held);
            counts(json, "earlyCloses", r.earlyCloses);
            counts(json, "errors", r.errors);
            json.writeNumberField("unexpectedMessages", r.unexpectedMessages);
            json.writeObjectFieldStart("latencyUs");
            latency(json, "connectToJoinAck", r.openLatency());
            latency(json, "joinToAck", r.joinLatency());
            json.writeEndObject();
            if (r.before != null && r.after != null)
            {
                json.writeObjectFieldStart("server");
                json.writeNumberField("pid", c.serverPid());
                footprint(json, "before", r.before);
                footprint(json, "after", r.after);
                json.writeNumberField("rssPerConnectionBytes", SummaryJson.round(r.rssPerConnectionBytes(), 1));
                json.writeNumberField("heapPerConnectionBytes", SummaryJson.round(r.heapPerConnectionBytes(), 1));
                json.writeEndObject();
            }
            else
            {
                json.writeNullField("server");
            }
            json.writeArrayFieldStart("warnings");
            for (final String warning : r.warnings)
            {
                json.writeString(warning);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return bytes.toString(StandardCharsets.UTF_8) + System.lineSeparator();
    }

    public static String toMarkdown(final ConnsResult r)
    {
        final ConnsConfig c = r.config;
        final StringBuilder md = new StringBuilder(2048);
        md.append(String.format(Locale.ROOT, "# conns · %s · %,d connections · %d rooms · %d source addresses%n%n",
            c.target().transport(), c.connections(), c.rooms(), c.sourceAddresses()));
        md.append(String.format(Locale.ROOT, "Target `%s`, open rate up to %,d/s, %d in flight, held %d s, started %s.%n%n",
            c.target().describe(), c.openRate(), c.connectConcurrency(), c.settleS(), r.startedAt));
        if (r.aborted)
        {
            md.append("**ABORTED:** ").append(r.abortReason).append("\n\n");
        }
        for (final String warning : r.warnings)
        {
            md.append("**WARNING:** ").append(warning).append("\n\n");
        }
        md.append("| join ack latency (µs) |");
        for (final String label : LatencySummary.LABELS)
        {
            md.append(' ').append(label).append(" |");
        }
        md.append(" mean | count |\n|---|").append("---:|".repeat(LatencySummary.LABELS.length + 2)).append('\n');
        latencyRow(md, "connect start to join ack", r.openLatency());
        latencyRow(md, "join sent to join ack", r.joinLatency());
        md.append('\n');

        md.append("| metric | value |\n|---|---:|\n");
        row(md, "opened / attempted", String.format(Locale.ROOT, "%,d / %,d", r.opened, r.attempted));
        row(md, "failed", String.format(Locale.ROOT, "%,d", r.failed));
        row(md, "failures by reason", counts(r.failures));
        row(md, "open phase", String.format(Locale.ROOT, "%.2f s", r.openPhaseS));
        row(md, "open rate achieved", String.format(Locale.ROOT, "%,.1f /s", r.openRateAchieved));
        row(md, "held after settle", String.format(Locale.ROOT, "%,d", r.held));
        row(md, "early closes", counts(r.earlyCloses));
        row(md, "errors", counts(r.errors));
        if (r.before != null && r.after != null)
        {
            row(md, "server RSS before / after", String.format(Locale.ROOT, "%s / %s", mib(r.before.rssKb() * 1024), mib(r.after.rssKb() * 1024)));
            row(md, "server RSS per connection", bytes(r.rssPerConnectionBytes()));
            if (r.before.hasHeap() && r.after.hasHeap())
            {
                row(md, "server live heap before / after", String.format(Locale.ROOT, "%s / %s", mib(r.before.heapBytes()), mib(r.after.heapBytes())));
                row(md, "server heap per connection", bytes(r.heapPerConnectionBytes()));
            }
            row(md, "server heap measured by", r.after.heapNote());
        }
        else
        {
            row(md, "server memory", "not measured (no --server-pid)");
        }
        md.append("\nPer-connection figures divide by the connections held at the \"after\" measurement.\n");
        return md.toString();
    }

    private static void latency(final JsonGenerator json, final String name, final LatencySummary latency) throws IOException
    {
        json.writeObjectFieldStart(name);
        json.writeNumberField("count", latency.count());
        json.writeNumberField("mean", latency.mean());
        final double[] values = latency.values();
        for (int i = 0; i < values.length; i++)
        {
            json.writeNumberField(LatencySummary.KEYS[i], values[i]);
        }
        json.writeEndObject();
    }

    private static void footprint(final JsonGenerator json, final String name, final ServerFootprint footprint) throws IOException
    {
        json.writeObjectFieldStart(name);
        json.writeNumberField("rssKb", footprint.rssKb());
        if (footprint.hasHeap())
        {
            json.writeNumberField("heapBytes", footprint.heapBytes());
        }
        else
        {
            json.writeNullField("heapBytes");
        }
        json.writeStringField("heapNote", footprint.heapNote());
        json.writeEndObject();
    }

    private static void counts(final JsonGenerator json, final String name, final Map<String, Long> counts) throws IOException
    {
        json.writeObjectFieldStart(name);
        for (final Map.Entry<String, Long> entry : counts.entrySet())
        {
            json.writeNumberField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
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
        md.append("| ").append(name).append(" | ").append(value.replace('|', '/')).append(" |\n");
    }

    private static String counts(final Map<String, Long> counts)
    {
        if (counts.isEmpty())
        {
            return "none";
        }
        final StringBuilder text = new StringBuilder();
        counts.forEach((key, value) -> text.append(text.length() == 0 ? "" : ", ").append(key).append(": ").append(value));
        return text.toString();
    }

    private static String mib(final long bytes)
    {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%,.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static String bytes(final double bytes)
    {
        return bytes < 0 && bytes != -1 ? String.format(Locale.ROOT, "%,.0f B (shrank)", bytes)
            : bytes == -1 ? "?" : String.format(Locale.ROOT, "%,.0f B", bytes);
    }
}
