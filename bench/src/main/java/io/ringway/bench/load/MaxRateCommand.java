package io.ringway.bench.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code max-rate}: the highest rtt publish rate whose p99 (from the intended send time) stays
 * within {@code --p99-us}, found by {@link RateSearch} over short rtt runs judged by
 * {@link StepVerdict}.
 */
@Command(name = "max-rate", mixinStandardHelpOptions = true,
    description = {
        "Finds the highest rtt publish rate that keeps p99 (intended-send basis) <= --p99-us.",
        "Steps up geometrically from --start-rate (x --growth) while steps pass, then bisects between the",
        "highest passing and the lowest failing rate. A step also fails if anything is lost, an error or",
        "early close happens, or the sender reaches less than 95 % of the rate. Every step is a short rtt run",
        "(--warmup-s + --step-duration-s) in its own subdirectory; summary.json/.md list them all,",
        "latency-vs-rate.png draws them.",
        "  max-rate --p99-us 1000 --start-rate 1000",
        "  max-rate --transport nats-ws --url ws://127.0.0.1:8443 --p99-us 500"})
final class MaxRateCommand implements java.util.concurrent.Callable<Integer>
{
    @Mixin
    TargetOptions target;

    @Option(names = "--p99-us", defaultValue = "1000", paramLabel = "US",
        description = "Latency limit: p99 from the intended send time, µs. Default: ${DEFAULT-VALUE}")
    double p99Us;

    @Option(names = "--start-rate", defaultValue = "1000", paramLabel = "R",
        description = "First rate tried, msg/s. Default: ${DEFAULT-VALUE}")
    long startRate;

    @Option(names = "--growth", defaultValue = "2", paramLabel = "F",
        description = "Factor between rates while stepping up (or down, if the start rate fails). Default: ${DEFAULT-VALUE}")
    double growth;

    @Option(names = "--rate-cap", defaultValue = "1000000", paramLabel = "R",
        description = "Highest rate ever tried, msg/s. Default: ${DEFAULT-VALUE}")
    long rateCap;

    @Option(names = "--precision", defaultValue = "0.05", paramLabel = "P",
        description = "Stop bisecting when the failing rate is within this fraction above the passing one. Default: ${DEFAULT-VALUE}")
    double precision;

    @Option(names = "--max-steps", defaultValue = "12", paramLabel = "N",
        description = "Most steps in all. Default: ${DEFAULT-VALUE}")
    int maxSteps;

    @Option(names = "--step-duration-s", defaultValue = "3", paramLabel = "S",
        description = "Measured seconds per step. Default: ${DEFAULT-VALUE}")
    int stepDurationS;

    @Option(names = "--warmup-s", defaultValue = "1", paramLabel = "W",
        description = "Warm-up seconds per step (left out of its results). Default: ${DEFAULT-VALUE}")
    int warmupS;

    @Option(names = "--payload-bytes", defaultValue = "100", paramLabel = "P",
        description = "Size of each message's data value, bytes. Default: ${DEFAULT-VALUE}")
    int payloadBytes;

    @Option(names = "--drain-s", defaultValue = "1", paramLabel = "S",
        description = "Grace period after a step's last send. Default: ${DEFAULT-VALUE}")
    int drainS;

    @Option(names = "--pause-s", defaultValue = "1", paramLabel = "S",
        description = "Pause between steps. Default: ${DEFAULT-VALUE}")
    int pauseS;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        if (p99Us <= 0 || pauseS < 0)
        {
            throw new IllegalArgumentException("--p99-us must be > 0 and --pause-s >= 0");
        }
        final long fitCap = RunConfig.MAX_MESSAGES / ((long)stepDurationS + Math.max(0, warmupS));
        final RateSearch search = new RateSearch(startRate, growth, Math.min(rateCap, fitCap), precision, maxSteps);
        final String tag = LoadOptions.newRunTag();
        final RunConfig base = new RunConfig(Scenario.RTT, target.target(), List.of(), startRate, stepDurationS, warmupS, 0, payloadBytes,
            tag + "-s1", tag + "-s1", drainS, target.ioThreads(), 1, target.serverPids());

        final Path out = target.outDir();
        final Path[] dir = new Path[1]; // created with the first finished step
        final List<MaxRateReport.Step> steps = new ArrayList<>();
        int exitCode = LoadGeneratorMain.EXIT_OK;
        long rate;
        while ((rate = search.next()) > 0)
        {
            final int number = search.steps() + 1;
            final RunConfig config = base.with(rate, 0, tag + "-s" + number, tag + "-s" + number);
            final String name = String.format("step-%02d-rate-%d", number, rate);
            System.out.printf("ringway bench: max-rate step %d: %,d msg/s%n", number, rate);
            final RunResult result = LoadGeneratorMain.runAndReport(config, r ->
            {
                if (dir[0] == null)
                {
                    dir[0] = RunReport.newRunDirectory(out, r.startedAt, "max-rate-" + config.target().transport());
                }
                return Files.createDirectories(dir[0].resolve(name));
            }, System.out);
            final StepVerdict verdict = StepVerdict.judge(result, p99Us);
            steps.add(new MaxRateReport.Step(number, result, verdict));
            search.record(rate, verdict.passed());
            System.out.printf("ringway bench: max-rate step %d: %,d msg/s %s%n", number, rate,
                verdict.passed() ? "PASSED" : "FAILED: " + String.join("; ", verdict.reasons()));
            if (result.timeBoundHit)
            {
                exitCode = result.exitCode(); // the server is in trouble: stop here
                break;
            }
            if (search.next() > 0)
            {
                TimeUnit.SECONDS.sleep(pauseS);
            }
        }

        final MaxRateReport report = new MaxRateReport(target.target(), p99Us, startRate, growth, stepDurationS, warmupS,
            search.found(), search.lowestFail(), search.stopReason() != null ? search.stopReason() : "stopped: a step hit its time bound",
            steps);
        report.write(dir[0]);
        System.out.println();
        System.out.print(report.toMarkdown());
        System.out.println("ringway bench: max-rate results in " + dir[0].toAbsolutePath().normalize());
        return exitCode;
    }
}
