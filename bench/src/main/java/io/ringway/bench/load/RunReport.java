package io.ringway.bench.load;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run's files into its directory:
 * {@code latency-intended.hgrm}, {@code latency-actual.hgrm} (µs), {@code summary.json},
 * {@code summary.md} and {@code latency-percentiles.png}.
 */
public final class RunReport
{
    public static final String INTENDED_HGRM = "latency-intended.hgrm";
    public static final String ACTUAL_HGRM = "latency-actual.hgrm";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String SUMMARY_MD = "summary.md";
    public static final String PERCENTILES_PNG = "latency-percentiles.png";

    private static final DateTimeFormatter DIRECTORY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunReport()
    {
    }

    /** Creates {@code <out>/<yyyyMMdd-HHmmss>-<name>} from the run's start (with a -2, -3 … suffix if it exists). */
    public static Path newRunDirectory(final Path out, final Instant startedAt, final String name) throws IOException
    {
        Files.createDirectories(out);
        final String base = LocalDateTime.ofInstant(startedAt, ZoneId.systemDefault()).format(DIRECTORY_TIME) + "-" + name;
        Path dir = out.resolve(base);
        for (int i = 2; Files.exists(dir); i++)
        {
            dir = out.resolve(base + "-" + i);
        }
        return Files.createDirectories(dir);
    }

    /** Writes every file; returns the names written (a chart is skipped, with a note, if it fails). */
    public static List<String> write(final RunResult result, final Path dir, final PrintStream log) throws IOException
    {
        final List<String> written = new ArrayList<>();
        writeHgrm(dir.resolve(INTENDED_HGRM), result.intendedNs);
        written.add(INTENDED_HGRM);
        writeHgrm(dir.resolve(ACTUAL_HGRM), result.actualNs);
        written.add(ACTUAL_HGRM);
        Files.writeString(dir.resolve(SUMMARY_JSON), SummaryJson.toJson(result), StandardCharsets.UTF_8);
        written.add(SUMMARY_JSON);
        Files.writeString(dir.resolve(SUMMARY_MD), SummaryMarkdown.toMarkdown(result), StandardCharsets.UTF_8);
        written.add(SUMMARY_MD);
        try
        {
            final RunConfig c = result.config;
            final String title = String.format("%s %s, %d msg/s%s", c.scenario(), c.target().transport(), c.rate(),
                c.scenario() == Scenario.FANOUT ? ", " + c.subscribers() + " subscribers" : "");
            if (Charts.percentileSpectrum(dir.resolve(PERCENTILES_PNG), title, result.intendedNs, result.actualNs))
            {
                written.add(PERCENTILES_PNG);
            }
            else
            {
                log.println("ringway bench: no latency recorded, no chart drawn");
            }
        }
        catch (final RuntimeException | IOException | LinkageError ex)
        {
            log.println("ringway bench: could not draw " + PERCENTILES_PNG + ": " + ex);
        }
        return written;
    }

    /** HdrHistogram's percentile distribution with values scaled from ns to µs. */
    static void writeHgrm(final Path file, final Histogram histogramNs) throws IOException
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            if (histogramNs.getTotalCount() == 0)
            {
                out.println("# no values recorded");
                return;
            }
            histogramNs.outputPercentileDistribution(out, 1000.0);
        }
    }
}
