package io.ringway.bench.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code compare-summary NAME=DIR NAME=DIR …}: the comparison table of compare-nats.sh, done in
 * Java so medians and ratios need no shell arithmetic.
 */
@Command(name = "compare-summary", mixinStandardHelpOptions = true,
    description = {
        "Compares systems: medians of rtt/fanout runs per system, and their ratios.",
        "Reads every summary.json under each DIR (rtt and fanout runs), groups runs by scenario, rate,",
        "subscribers and payload, and prints medians of p50/p99/p99.9 (intended), deliveries/s and deliveries",
        "per server CPU-second per system, with the first system / each other system ratio.",
        "Writes compare.md and compare.json into --out when given.",
        "  compare-summary --out bench/results/20261122-101500-compare ringway=.../runs/ringway nats=.../runs/nats"})
final class CompareSummaryCommand implements Callable<Integer>
{
    /** summary.json files are at most this deep under a system's directory. */
    static final int MAX_DEPTH = 4;

    @Parameters(paramLabel = "NAME=DIR", arity = "1..*", description = "A system's name and the directory holding its runs")
    List<String> systems;

    @Option(names = "--out", paramLabel = "DIR", description = "Write compare.md and compare.json here")
    Path out;

    @Override
    public Integer call() throws IOException
    {
        final CompareTable table = new CompareTable();
        int runs = 0;
        for (final String system : systems)
        {
            final int eq = system.indexOf('=');
            if (eq <= 0 || eq == system.length() - 1)
            {
                throw new IllegalArgumentException("expected NAME=DIR: " + system);
            }
            final String name = system.substring(0, eq);
            final Path dir = Path.of(system.substring(eq + 1));
            if (!Files.isDirectory(dir))
            {
                throw new IllegalArgumentException(name + ": no such directory: " + dir);
            }
            try (Stream<Path> files = Files.find(dir, MAX_DEPTH, (p, a) -> p.getFileName().toString().equals(RunReport.SUMMARY_JSON)))
            {
                for (final Path file : files.sorted().toList())
                {
                    table.add(name, SummaryReader.read(file));
                    runs++;
                }
            }
        }
        if (runs == 0)
        {
            throw new LoadException("no summary.json found under " + systems);
        }
        final String md = table.toMarkdown();
        System.out.print(md);
        if (out != null)
        {
            Files.createDirectories(out);
            Files.writeString(out.resolve("compare.md"), md, StandardCharsets.UTF_8);
            Files.writeString(out.resolve("compare.json"), table.toJson(), StandardCharsets.UTF_8);
            System.out.println("ringway bench: wrote compare.md, compare.json to " + out.toAbsolutePath().normalize());
        }
        return LoadGeneratorMain.EXIT_OK;
    }
}
