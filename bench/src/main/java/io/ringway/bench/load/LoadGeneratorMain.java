package io.ringway.bench.load;

import io.ringway.bench.floor.FloorServerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bin/ringway bench <scenario> [options]}: the constant-rate load generator, a client of a
 * running server on this machine.
 */
@Command(
    name = "ringway bench",
    mixinStandardHelpOptions = true,
    version = "ringway bench 0.1",
    description = {
        "Constant-rate (open model) load generator for a Ringway server (or, with --transport nats-ws, a nats-server) on 127.0.0.x.",
        "Latency is measured from each message's intended send time (coordinated-omission corrected)",
        "and, separately, from its actual send time."},
    footer = {
        "",
        "Exit codes: 0 done, 1 run failed (or cut short, e.g. the server closed the publisher), 2 bad usage,",
        "3 server unreachable, 4 aborted at the time bound (warm-up + duration + 30 s). Results are written for 0, 1 (when cut short) and 4.",
        "Examples:",
        "  bin/ringway bench rtt --rate 1000 --duration-s 10",
        "  bin/ringway bench rtt --transport tcp --tcp 127.0.0.1:9090 --rate 5000",
        "  bin/ringway bench rtt --transport nats-ws --url ws://127.0.0.1:8443 --rate 1000",
        "  bin/ringway bench fanout --subscribers 100 --rate 500 --server-pid $(pgrep -f 'ringway.jar server')",
        "  bin/ringway bench sweep rtt --rates 1000,5000,10000,20000 --duration-s 10",
        "  bin/ringway bench floor-server --port 18097 --max-s 600   (a minimal WebSocket server: this machine's latency floor)"},
    subcommands = {
        LoadGeneratorMain.RttCommand.class,
        LoadGeneratorMain.FanoutCommand.class,
        SweepCommand.class,
        ConnsCommand.class,
        MaxRateCommand.class,
        CompareSummaryCommand.class,
        FloorServerCommand.class,
        CommandLine.HelpCommand.class})
public final class LoadGeneratorMain implements Runnable
{
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNREACHABLE = 3;
    public static final int EXIT_ABORTED = 4;

    @Spec
    CommandSpec spec;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing scenario: rtt, fanout, sweep, conns, max-rate, compare-summary or floor-server");
    }

    public static void main(final String[] args)
    {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine()
    {
        return new CommandLine(new LoadGeneratorMain())
            .setExecutionExceptionHandler(LoadGeneratorMain::handleFailure);
    }

    private static int handleFailure(final Exception ex, final CommandLine command, final CommandLine.ParseResult parsed)
    {
        final PrintStream err = System.err;
        if (ex instanceof ServerUnreachableException)
        {
            err.println("ringway bench: ERROR: server unreachable: " + ex.getMessage());
            err.println("ringway bench: is `bin/ringway server` (or nats-server, for nats-ws) running, and do --url / --tcp match its ports?");
            return EXIT_UNREACHABLE;
        }
        if (ex instanceof IllegalArgumentException)
        {
            err.println("ringway bench: ERROR: " + ex.getMessage());
            return EXIT_USAGE;
        }
        if (ex instanceof LoadException)
        {
            err.println("ringway bench: ERROR: " + ex.getMessage());
            return EXIT_FAILED;
        }
        err.println("ringway bench: ERROR: " + ex);
        ex.printStackTrace(err);
        return EXIT_FAILED;
    }

    /** Where a finished run's files go; created only after the run, so a failed run leaves no empty directory. */
    @FunctionalInterface
    interface RunDirectory
    {
        Path create(RunResult result) throws IOException;
    }

    /** Runs one configured scenario, writes its files into the directory {@code dir} creates, prints the summary. */
    static RunResult runAndReport(final RunConfig config, final RunDirectory dirFactory, final PrintStream out) throws IOException
    {
        final RunResult result = new LoadRun(config, line -> out.println("ringway bench: " + line)).execute();
        final Path dir = dirFactory.create(result);
        final List<String> files = RunReport.write(result, dir, out);
        out.println();
        out.print(SummaryMarkdown.toMarkdown(result));
        out.println();
        final String warning = result.clientCpuWarningText();
        if (warning != null)
        {
            out.println(warning);
        }
        if (result.aborted)
        {
            out.println("ringway bench: ABORTED: " + result.abortReason);
        }
        out.println("ringway bench: wrote " + String.join(", ", files) + " to " + dir.toAbsolutePath().normalize());
        return result;
    }

    @Command(name = "rtt", mixinStandardHelpOptions = true,
        description = {
            "Round trip: one client publishes to its own room at a constant rate.",
            "It is the room's only member and times its own copies:",
            "latency = receive time - intended send time (and, separately, - actual send time)."})
    static final class RttCommand implements Callable<Integer>
    {
        @Mixin
        LoadOptions options;

        @Override
        public Integer call() throws IOException
        {
            final RunConfig config = options.toConfig(Scenario.RTT, options.rate, 0, LoadOptions.newRunTag());
            final Path out = options.outDir();
            return runAndReport(config, r -> RunReport.newRunDirectory(out, r.startedAt, "rtt-" + config.target().transport()), System.out)
                .exitCode();
        }
    }

    @Command(name = "fanout", mixinStandardHelpOptions = true,
        description = {
            "Fan-out: one publisher, N subscribers in the room, constant rate.",
            "Per-delivery latency from the intended send time, delivered msgs/s, and",
            "lost = expected - received after a drain period (--drain-s)."})
    static final class FanoutCommand implements Callable<Integer>
    {
        @Mixin
        LoadOptions options;

        @Option(names = "--subscribers", defaultValue = "10", paramLabel = "N",
            description = "Subscribers in the room (besides the publisher). Default: ${DEFAULT-VALUE}")
        int subscribers;

        @Override
        public Integer call() throws IOException
        {
            final RunConfig config = options.toConfig(Scenario.FANOUT, options.rate, subscribers, LoadOptions.newRunTag());
            final Path out = options.outDir();
            return runAndReport(config, r -> RunReport.newRunDirectory(out, r.startedAt, "fanout-" + config.target().transport()), System.out)
                .exitCode();
        }
    }
}
