package io.ringway.bench.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code conns}: how many idle connections a server holds, how fast they open, and what each one costs it. */
@Command(name = "conns", mixinStandardHelpOptions = true,
    description = {
        "Idle connections: open C at a bounded rate, hold them, report what they cost the server.",
        "Connections are spread over source addresses 127.0.0.1..N; each identifies itself and joins one of",
        "K rooms. Held idle for --settle-s, then closed. Reports opened, failed by reason, the open rate",
        "achieved and join-ack latency; with --server-pid also the server's",
        "RSS (/proc/PID/status) and, for a JVM, its live heap (jcmd GC.run + GC.heap_info) before and after,",
        "per connection. C must fit the client's open-files limit (checked first).",
        "  conns --connections 5000 --rooms 50 --source-addresses 4 --server-pid $(pgrep -f 'ringway.jar server')",
        "  conns --transport nats-ws --url ws://127.0.0.1:8443 --connections 5000"})
final class ConnsCommand implements Callable<Integer>
{
    @Mixin
    TargetOptions target;

    @Option(names = "--connections", defaultValue = "1000", paramLabel = "C",
        description = "Connections to open and hold. Default: ${DEFAULT-VALUE}")
    int connections;

    @Option(names = "--rooms", defaultValue = "10", paramLabel = "K",
        description = "Rooms the connections join, round robin. Default: ${DEFAULT-VALUE}")
    int rooms;

    @Option(names = "--source-addresses", defaultValue = "4", paramLabel = "N",
        description = "Bind connections to 127.0.0.1 .. 127.0.0.N, round robin (more ephemeral ports). Default: ${DEFAULT-VALUE}")
    int sourceAddresses;

    @Option(names = "--open-rate", defaultValue = "500", paramLabel = "R",
        description = "Connections started per second, at most. Default: ${DEFAULT-VALUE}")
    long openRate;

    @Option(names = "--connect-concurrency", defaultValue = "100", paramLabel = "N",
        description = "Connections being opened (not yet acknowledged) at once, at most. Default: ${DEFAULT-VALUE}")
    int connectConcurrency;

    @Option(names = "--settle-s", defaultValue = "5", paramLabel = "S",
        description = "Seconds to hold the connections idle before measuring. Default: ${DEFAULT-VALUE}")
    int settleS;

    @Option(names = "--open-timeout-s", defaultValue = "0", paramLabel = "S",
        description = "Bound of the open phase. Default: C / open rate + 30 s")
    int openTimeoutS;

    @Override
    public Integer call() throws IOException
    {
        final ConnsConfig config = new ConnsConfig(target.target(), connections, rooms, sourceAddresses, openRate, connectConcurrency,
            openTimeoutS > 0 ? openTimeoutS : ConnsConfig.defaultOpenTimeoutS(connections, openRate), settleS,
            LoadOptions.newRunTag(), target.ioThreads(), target.singleServerPid("conns"));
        final PrintStream out = System.out;
        final ConnsResult result = new ConnsRun(config, line -> out.println("ringway bench: " + line)).execute();
        final Path dir = RunReport.newRunDirectory(target.outDir(), result.startedAt, "conns-" + config.target().transport());
        final List<String> files = ConnsReport.write(result, dir, out);
        out.println();
        out.print(ConnsReport.toMarkdown(result));
        out.println();
        if (result.aborted)
        {
            out.println("ringway bench: ABORTED: " + result.abortReason);
        }
        out.println("ringway bench: wrote " + String.join(", ", files) + " to " + dir.toAbsolutePath().normalize());
        return result.exitCode();
    }
}
