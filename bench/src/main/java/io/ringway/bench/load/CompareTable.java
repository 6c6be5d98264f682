package io.ringway.bench.load;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Medians over repeated runs of the same scenario against several systems, and the ratio of the
 * first system to each other one. Rows come from {@code summary.json} files ({@link SummaryReader});
 * runs are grouped by scenario, rate, subscribers and payload size.
 */
public final class CompareTable
{
    /** The compared numbers: summary.json path, column title, decimals. */
    enum Metric
    {
        P50("latencyUs.intended.p50", "p50 µs", 1),
        P99("latencyUs.intended.p99", "p99 µs", 1),
        P999("latencyUs.intended.p99_9", "p99.9 µs", 1),
        DELIVERIES("deliveriesPerSec", "deliveries/s", 0),
        PER_CPU("server.deliveriesPerCpuS", "deliveries per server CPU-s", 0);

        final String path;
        final String title;
        final int decimals;

        Metric(final String path, final String title, final int decimals)
        {
            this.path = path;
            this.title = title;
            this.decimals = decimals;
        }
    }

    /** One scenario's runs per system, in the order systems were given. */
    private final Map<String, Map<String, List<Map<String, String>>>> groups = new LinkedHashMap<>();
    private final List<String> systems = new ArrayList<>();

    /** Adds one run of {@code system}; runs that are not rtt or fanout are ignored. */
    public void add(final String system, final Map<String, String> summary)
    {
        if (!systems.contains(system))
        {
            systems.add(system);
        }
        final String scenario = summary.getOrDefault("scenario", "");
        if (!scenario.equals("rtt") && !scenario.equals("fanout"))
        {
            return;
        }
        groups.computeIfAbsent(groupKey(summary), k -> new LinkedHashMap<>())
            .computeIfAbsent(system, k -> new ArrayList<>())
            .add(summary);
    }

    /** {@code rtt @ 1000 msg/s, 100 B} or {@code fanout 1→50 @ 200 msg/s, 100 B}. */
    static String groupKey(final Map<String, String> s)
    {
        final String rate = s.getOrDefault("rate", "?");
        final String payload = s.getOrDefault("payloadBytes", "?");
        return "fanout".equals(s.get("scenario"))
            ? "fanout 1→" + s.getOrDefault("subscribers", "?") + " @ " + rate + " msg/s, " + payload + " B"
            : "rtt @ " + rate + " msg/s, " + payload + " B";
    }

    public List<String> systems()
    {
        return systems;
    }

    /** Median of {@code metric} over {@code system}'s runs of {@code group}; NaN when none has it. */
    public double median(final String group, final String system, final Metric metric)
    {
        final List<Double> values = new ArrayList<>();
        for (final Map<String, String> run : groups.getOrDefault(group, Map.of()).getOrDefault(system, List.of()))
        {
            final String text = run.get(metric.path);
            if (text != null)
            {
                values.add(Double.parseDouble(text));
            }
        }
        return median(values);
    }

    static double median(final List<Double> values)
    {
        if (values.isEmpty())
        {
            return Double.NaN;
        }
        final List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        final int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private int runs(final String group, final String system)
    {
        return groups.getOrDefault(group, Map.of()).getOrDefault(system, List.of()).size();
    }

    private long total(final String group, final String system, final String path)
    {
        long sum = 0;
        for (final Map<String, String> run : groups.getOrDefault(group, Map.of()).getOrDefault(system, List.of()))
        {
            final String text = run.get(path);
            if ("true".equals(text))
            {
                sum++;
            }
            else if (text != null && text.matches("\\d+"))
            {
                sum += Long.parseLong(text);
            }
        }
        return sum;
    }

    public String toMarkdown()
    {
        final StringBuilder md = new StringBuilder();
        md.append("# ").append(String.join(" vs ", systems)).append("\n\n");
        md.append("Medians over runs; latency from the intended send time. Ratio = ")
            .append(systems.isEmpty() ? "" : systems.get(0)).append(" / other: below 1 means lower (latency: better; throughput: worse).\n\n");
        md.append("| scenario | system | runs |");
        for (final Metric metric : Metric.values())
        {
            md.append(' ').append(metric.title).append(" |");
        }
        md.append(" lost (sum) | aborted |\n|---|---|---:|").append("---:|".repeat(Metric.values().length)).append("---:|---:|\n");
        for (final String group : groups.keySet())
        {
            for (final String system : systems)
            {
                md.append("| ").append(group).append(" | ").append(system).append(" | ").append(runs(group, system)).append(" |");
                for (final Metric metric : Metric.values())
                {
                    md.append(' ').append(format(median(group, system, metric), metric.decimals)).append(" |");
                }
                md.append(String.format(Locale.ROOT, " %,d | %d |%n", total(group, system, "lost"), total(group, system, "aborted")));
            }
            for (int i = 1; i < systems.size(); i++)
            {
                md.append("| ").append(group).append(" | **").append(systems.get(0)).append('/').append(systems.get(i)).append("** | |");
                for (final Metric metric : Metric.values())
                {
                    md.append(' ').append(format(ratio(group, systems.get(0), systems.get(i), metric), 2)).append(" |");
                }
                md.append(" | |\n");
            }
        }
        return md.toString();
    }

    public double ratio(final String group, final String numerator, final String denominator, final Metric metric)
    {
        final double a = median(group, numerator, metric);
        final double b = median(group, denominator, metric);
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? Double.NaN : a / b;
    }

    public String toJson()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8).useDefaultPrettyPrinter())
        {
            json.writeStartObject();
            json.writeArrayFieldStart("systems");
            for (final String system : systems)
            {
                json.writeString(system);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("scenarios");
            for (final String group : groups.keySet())
            {
                json.writeStartObject();
                json.writeStringField("scenario", group);
                json.writeObjectFieldStart("medians");
                for (final String system : systems)
                {
                    json.writeObjectFieldStart(system);
                    json.writeNumberField("runs", runs(group, system));
                    for (final Metric metric : Metric.values())
                    {
                        number(json, metric.path, median(group, system, metric));
                    }
                    json.writeNumberField("lostSum", total(group, system, "lost"));
                    json.writeNumberField("abortedRuns", total(group, system, "aborted"));
                    json.writeEndObject();
                }
                json.writeEndObject();
                json.writeObjectFieldStart("ratios");
                for (int i = 1; i < systems.size(); i++)
                {
                    json.writeObjectFieldStart(systems.get(0) + "/" + systems.get(i));
                    for (final Metric metric : Metric.values())
                    {
                        number(json, metric.path, ratio(group, systems.get(0), systems.get(i), metric));
                    }
                    json.writeEndObject();
                }
                json.writeEndObject();
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

    private static void number(final JsonGenerator json, final String name, final double value) throws IOException
    {
        if (Double.isNaN(value))
        {
            json.writeNullField(name);
        }
        else
        {
            json.writeNumberField(name, SummaryJson.round(value, 3));
        }
    }

    private static String format(final double value, final int decimals)
    {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}
