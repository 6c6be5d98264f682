package io.ringway.bench.load;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A max-rate search's files: {@code summary.json} and {@code summary.md} with every step and the
 * rate found, and {@code latency-vs-rate.png}.
 */
public final class MaxRateReport
{
    public static final String CHART_PNG = "latency-vs-rate.png";

    /** One step: its number, its run and the verdict. */
    public record Step(int number, RunResult result, StepVerdict verdict)
    {
    }

    private final LoadTarget target;
    private final double p99LimitUs;
    private final long startRate;
    private final double growth;
    private final int stepDurationS;
    private final int warmupS;
    private final long foundRate;
    private final long lowestFailingRate;
    private final String stopReason;
    private final List<Step> steps;

    public MaxRateReport(
        final LoadTarget target, final double p99LimitUs, final long startRate, final double growth, final int stepDurationS,
        final int warmupS, final long foundRate, final long lowestFailingRate, final String stopReason, final List<Step> steps)
    {
        this.target = target;
        this.p99LimitUs = p99LimitUs;
        this.startRate = startRate;
        this.growth = growth;
        this.stepDurationS = stepDurationS;
        this.warmupS = warmupS;
        this.foundRate = foundRate;
        this.lowestFailingRate = lowestFailingRate;
        this.stopReason = stopReason;
        this.steps = steps;
    }

    /** Writes the files into {@code dir} (nothing when no step finished, so there is no directory). */
    public void write(final Path dir) throws IOException
    {
        if (dir == null)
        {
            return;
        }
        Files.writeString(dir.resolve(RunReport.SUMMARY_JSON), toJson(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(RunReport.SUMMARY_MD), toMarkdown(), StandardCharsets.UTF_8);
        try
        {
            drawChart(dir.resolve(CHART_PNG));
        }
        catch (final RuntimeException | IOException | LinkageError ex)
        {
            System.out.println("ringway bench: could not draw " + CHART_PNG + ": " + ex);
        }
    }

    public String toJson()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8).useDefaultPrettyPrinter())
        {
            json.writeStartObject();
            json.writeStringField("scenario", "max-rate");
            json.writeStringField("transport", target.transport().label());
            json.writeStringField("target", target.describe());
            json.writeNumberField("p99LimitUs", p99LimitUs);
            json.writeNumberField("startRate", startRate);
            json.writeNumberField("growth", growth);
            json.writeNumberField("stepDurationS", stepDurationS);
            json.writeNumberField("warmupS", warmupS);
            json.writeNumberField("foundRate", foundRate);
            json.writeNumberField("lowestFailingRate", lowestFailingRate);
            json.writeStringField("stopReason", stopReason);
            json.writeArrayFieldStart("steps");
            for (final Step step : steps)
            {
                json.writeStartObject();
                json.writeNumberField("step", step.number());
                json.writeNumberField("rate", step.result().config.rate());
                json.writeBooleanField("passed", step.verdict().passed());
                json.writeArrayFieldStart("reasons");
                for (final String reason : step.verdict().reasons())
                {
                    json.writeString(reason);
                }
                json.writeEndArray();
                json.writeFieldName("run");
                SummaryJson.write(json, step.result());
                json.writeEndObject();
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

    public String toMarkdown()
    {
        final StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "# max-rate · %s · p99 ≤ %,.0f µs%n%n", target.transport(), p99LimitUs));
        md.append(String.format(Locale.ROOT, "Target `%s`; rtt steps of %d s (+%d s warm-up), from %,d msg/s ×%s.%n%n",
            target.describe(), stepDurationS, warmupS, startRate, growth));
        md.append(foundRate > 0
            ? String.format(Locale.ROOT, "**Highest passing rate: %,d msg/s**", foundRate)
            : "**No rate passed**");
        md.append(lowestFailingRate > 0 ? String.format(Locale.ROOT, " (lowest failing: %,d msg/s)", lowestFailingRate) : "");
        md.append(". Search ended: ").append(stopReason).append(".\n\n");
        md.append("| step | rate (msg/s) | verdict | p50 µs | p99 µs | p99.9 µs | max µs | sent/s | lost | client cores | server cores | why it failed |\n");
        md.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (final Step step : steps)
        {
            final RunResult r = step.result();
            final LatencySummary l = r.intended();
            md.append(String.format(Locale.ROOT, "| %d | %,d | %s | %,.1f | %,.1f | %,.1f | %,.1f | %,.0f | %,d | %.2f | %s | %s |%n",
                step.number(), r.config.rate(), step.verdict().passed() ? "pass" : "FAIL", l.p50(), l.p99(), l.p999(), l.max(),
                r.achievedSendRate, r.lost, r.clientCores, r.hasServerCpu() ? String.format(Locale.ROOT, "%.2f", r.serverCores) : "-",
                String.join("; ", step.verdict().reasons()).replace('|', '/')));
        }
        md.append("\nLatency from the intended send time. Each step's own summary.md is in its subdirectory.\n");
        return md.toString();
    }

    private void drawChart(final Path png) throws IOException
    {
        if (steps.isEmpty())
        {
            return;
        }
        final List<Step> byRate = new ArrayList<>(steps);
        byRate.sort(Comparator.comparingLong(s -> s.result().config.rate()));
        final double[] x = new double[byRate.size()];
        final Map<String, double[]> series = new LinkedHashMap<>();
        final String[] labels = {"p50", "p99", "p99.9", "max"};
        for (final String label : labels)
        {
            series.put(label + " (from intended)", new double[x.length]);
        }
        final double[] limit = new double[x.length];
        for (int i = 0; i < x.length; i++)
        {
            final LatencySummary l = byRate.get(i).result().intended();
            x[i] = byRate.get(i).result().config.rate();
            series.get("p50 (from intended)")[i] = l.p50();
            series.get("p99 (from intended)")[i] = l.p99();
            series.get("p99.9 (from intended)")[i] = l.p999();
            series.get("max (from intended)")[i] = l.max();
            limit[i] = p99LimitUs;
        }
        series.put("p99 limit", limit);
        final boolean logX = x[x.length - 1] / Math.max(1, x[0]) >= 20;
        Charts.lines(png, "max-rate: rtt latency vs rate (" + target.transport() + ")", "rate (msg/s)", "latency (µs)", x, series, logX, true);
    }
}
