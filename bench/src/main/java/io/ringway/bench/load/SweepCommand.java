package io.ringway.bench.load;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code sweep rtt --rates …} (latency vs rate) and {@code sweep fanout --subscribers-list …}
 * (deliveries/s and latency vs subscribers): one ordinary run per point, each in its own
 * subdirectory, plus {@code sweep.json}, {@code sweep.md} and the charts.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {
        "Runs rtt over several rates, or fanout over several subscriber counts.",
        "  sweep rtt --rates 1000,5000,10000,20000         -> latency-vs-rate.png",
        "  sweep fanout --subscribers-list 10,100,1000     -> deliveries-vs-subscribers.png, latency-vs-subscribers.png",
        "Every point is a full run (warm-up, duration, drain) with its own room and connections."})
final class SweepCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "SCENARIO", description = "rtt or fanout")
    String kind;

    @Option(names = "--rates", split = ",", defaultValue = "1000,5000,10000,20000", paramLabel = "R,R,...",
        description = "rtt sweep: publish rates, msg/s. Default: ${DEFAULT-VALUE}")
    List<Long> rates;

    @Option(names = "--subscribers-list", split = ",", defaultValue = "10,100,1000", paramLabel = "N,N,...",
        description = "fanout sweep: subscriber counts (at --rate). Default: ${DEFAULT-VALUE}")
    List<Integer> subscribersList;

    @Option(names = "--pause-s", defaultValue = "1", paramLabel = "S",
        description = "Pause between points. Default: ${DEFAULT-VALUE}")
    int pauseS;

    @Mixin
    LoadOptions options;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final Scenario scenario = switch (kind.toLowerCase(Locale.ROOT))
        {
            case "rtt" -> Scenario.RTT;
            case "fanout" -> Scenario.FANOUT;
            default -> throw new IllegalArgumentException("sweep SCENARIO must be rtt or fanout: " + kind);
        };
        final int points = scenario == Scenario.RTT ? rates.size() : subscribersList.size();
        if (points == 0 || pauseS < 0)
        {
            throw new IllegalArgumentException("nothing to sweep");
        }
        final String tag = LoadOptions.newRunTag();
        // validate every point before the first one runs
        final List<RunConfig> configs = new ArrayList<>();
        for (int k = 0; k < points; k++)
        {
            final long rate = scenario == Scenario.RTT ? rates.get(k) : options.rate;
            final int subscribers = scenario == Scenario.RTT ? 0 : subscribersList.get(k);
            final String pointTag = tag + "-p" + k;
            final RunConfig base = options.toConfig(scenario, rate, subscribers, pointTag);
            configs.add(options.room != null ? base.with(rate, subscribers, options.room + "-p" + k, pointTag) : base);
        }

        final Path out = options.outDir();
        final Path[] sweepDir = new Path[1]; // created with the first finished point
        final List<RunResult> results = new ArrayList<>();
        int exitCode = LoadGeneratorMain.EXIT_OK;
        for (int k = 0; k < points; k++)
        {
            final RunConfig config = configs.get(k);
            final String name = scenario == Scenario.RTT ? "rate-" + config.rate() : "subscribers-" + config.subscribers();
            System.out.printf("ringway bench: sweep point %d/%d: %s%n", k + 1, points, name);
            final RunResult result = LoadGeneratorMain.runAndReport(config, r ->
            {
                if (sweepDir[0] == null)
                {
                    sweepDir[0] = RunReport.newRunDirectory(out, r.startedAt, "sweep-" + scenario + "-" + options.transport());
                }
                return Files.createDirectories(sweepDir[0].resolve(name));
            }, System.out);
            results.add(result);
            if (result.aborted)
            {
                exitCode = result.exitCode();
                System.out.println("ringway bench: sweep stopped: point " + name + " aborted");
                break;
            }
            if (k + 1 < points)
            {
                TimeUnit.SECONDS.sleep(pauseS);
            }
        }

        final Path dir = sweepDir[0];
        writeSweepJson(dir.resolve("sweep.json"), scenario, results);
        final String md = sweepMarkdown(scenario, results);
        Files.writeString(dir.resolve("sweep.md"), md, StandardCharsets.UTF_8);
        drawCharts(dir, scenario, results);
        System.out.println();
        System.out.print(md);
        System.out.println("ringway bench: sweep results in " + dir.toAbsolutePath().normalize());
        return exitCode;
    }

    private static double xOf(final Scenario scenario, final RunResult r)
    {
        return scenario == Scenario.RTT ? r.config.rate() : r.config.subscribers();
    }

    private static void drawCharts(final Path dir, final Scenario scenario, final List<RunResult> results)
    {
        final double[] x = new double[results.size()];
        final Map<String, double[]> latency = new LinkedHashMap<>();
        for (final String label : new String[] {"p50", "p99", "p99.9", "max"})
        {
            latency.put(label + " (from intended)", new double[results.size()]);
        }
        final double[] deliveries = new double[results.size()];
        for (int i = 0; i < results.size(); i++)
        {
            final RunResult r = results.get(i);
            final LatencySummary l = r.intended();
            x[i] = xOf(scenario, r);
            latency.get("p50 (from intended)")[i] = l.p50();
            latency.get("p99 (from intended)")[i] = l.p99();
            latency.get("p99.9 (from intended)")[i] = l.p999();
            latency.get("max (from intended)")[i] = l.max();
            deliveries[i] = r.deliveriesPerSec;
        }
        final String transport = results.isEmpty() ? "" : results.get(0).config.target().transport().label();
        try
        {
            if (scenario == Scenario.RTT)
            {
                Charts.lines(dir.resolve("latency-vs-rate.png"), "rtt latency vs rate (" + transport + ")",
                    "rate (msg/s)", "latency (µs)", x, latency, false, true);
            }
            else
            {
                final boolean logX = x.length > 1 && x[x.length - 1] / Math.max(1, x[0]) >= 50;
                final Map<String, double[]> delivered = new LinkedHashMap<>();
                delivered.put("deliveries/s", deliveries);
                Charts.lines(dir.resolve("deliveries-vs-subscribers.png"), "fanout deliveries vs subscribers (" + transport + ")",
                    "subscribers", "deliveries/s", x, delivered, logX, false);
                Charts.lines(dir.resolve("latency-vs-subscribers.png"), "fanout latency vs subscribers (" + transport + ")",
                    "subscribers", "latency (µs)", x, latency, logX, true);
            }
        }
        catch (final RuntimeException | IOException | LinkageError ex)
        {
            System.out.println("ringway bench: could not draw the sweep charts: " + ex);
        }
    }

    private static void writeSweepJson(final Path file, final Scenario scenario, final List<RunResult> results) throws IOException
    {
        try (OutputStream out = Files.newOutputStream(file);
            JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8).useDefaultPrettyPrinter())
        {
            json.writeStartObject();
            json.writeStringField("sweep", scenario.label());
            json.writeArrayFieldStart("points");
            for (final RunResult r : results)
            {
                SummaryJson.write(json, r);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private static String sweepMarkdown(final Scenario scenario, final List<RunResult> results)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# sweep ").append(scenario).append("\n\n");
        md.append(scenario == Scenario.RTT ? "| rate (msg/s) |" : "| subscribers |");
        md.append(" deliveries/s | lost | p50 µs | p99 µs | p99.9 µs | max µs | client cores | server cores |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (final RunResult r : results)
        {
            final LatencySummary l = r.intended();
            md.append(String.format(Locale.ROOT, "| %,d | %,.0f | %,d | %,.1f | %,.1f | %,.1f | %,.1f | %.2f | %s |%n",
                (long)xOf(scenario, r), r.deliveriesPerSec, r.lost, l.p50(), l.p99(), l.p999(), l.max(), r.clientCores,
                r.hasServerCpu() ? String.format(Locale.ROOT, "%.2f", r.serverCores) : "-"));
        }
        md.append("\nLatency from the intended send time. One run per point; see each point's summary.md.\n");
        return md.toString();
    }
}
