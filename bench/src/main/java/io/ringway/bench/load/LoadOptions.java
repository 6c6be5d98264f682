package io.ringway.bench.load;

import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Options every scenario shares (a picocli mixin).
 */
public final class LoadOptions
{
    @Option(names = "--url", defaultValue = "ws://127.0.0.1:8080/ws", paramLabel = "URL",
        description = "WebSocket endpoint for ws-json, ws-binary and nats-ws (127.0.0.x only; nats-server ignores the path). Default: ${DEFAULT-VALUE}")
    String url;

    @Option(names = "--tcp", defaultValue = "127.0.0.1:9090", paramLabel = "HOST:PORT",
        description = "Raw TCP endpoint for --transport tcp (127.0.0.x only). Default: ${DEFAULT-VALUE}")
    String tcp;

    @Option(names = "--transport", defaultValue = "ws-json", paramLabel = "T",
        converter = Transport.Converter.class, completionCandidates = Transport.Labels.class,
        description = "ws-json (text frames), ws-binary (binary frames over WebSocket), tcp, or nats-ws (the NATS protocol on a nats-server's WebSocket listener). Default: ${DEFAULT-VALUE}")
    Transport transport;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "R",
        description = "Messages per second the publisher sends (constant rate, open model). Default: ${DEFAULT-VALUE}")
    long rate;

    @Option(names = "--duration-s", defaultValue = "10", paramLabel = "D",
        description = "Measured seconds. Default: ${DEFAULT-VALUE}")
    int durationS;

    @Option(names = "--warmup-s", defaultValue = "2", paramLabel = "W",
        description = "Seconds sent before the measured part and left out of the results. Default: ${DEFAULT-VALUE}")
    int warmupS;

    @Option(names = "--payload-bytes", defaultValue = "100", paramLabel = "P",
        description = "Size of each message's data value, bytes (min. ~16: it holds the index). Default: ${DEFAULT-VALUE}")
    int payloadBytes;

    @Option(names = "--room", paramLabel = "NAME",
        description = "Room to use. Default: a new room per run")
    String room;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Results directory; each run writes a timestamped subdirectory. Default: bench/results of the project")
    Path out;

    @Option(names = "--server-pid", defaultValue = "0", paramLabel = "PID",
        description = "Server process id: report its CPU seconds (from /proc/PID/stat) and deliveries per server CPU-second")
    long serverPid;

    @Option(names = "--drain-s", defaultValue = "3", paramLabel = "S",
        description = "Grace period after the last send for deliveries still in flight. Default: ${DEFAULT-VALUE}")
    int drainS;

    @Option(names = "--io-threads", defaultValue = "0", paramLabel = "N",
        description = "Client Netty event-loop threads. Default: the number of cores")
    int ioThreads;

    @Option(names = "--connect-concurrency", defaultValue = "50", paramLabel = "N",
        description = "Connections opened at once while setting up. Default: ${DEFAULT-VALUE}")
    int connectConcurrency;

    private static final DateTimeFormatter TAG_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** Unique per run: user names and the default room derive from it. */
    static String newRunTag()
    {
        return "lg" + LocalDateTime.now().format(TAG_TIME) + "-" + ProcessHandle.current().pid();
    }

    RunConfig toConfig(final Scenario scenario, final long runRate, final int subscribers, final String runTag)
    {
        if (serverPid != 0 && CpuSample.readServerTicks(serverPid) < 0)
        {
            throw new IllegalArgumentException("--server-pid " + serverPid + ": cannot read /proc/" + serverPid + "/stat (no such process?)");
        }
        final LoadTarget target = LoadTarget.of(transport, url, tcp);
        final String runRoom = room != null ? room : runTag + "-" + scenario.label();
        return new RunConfig(scenario, target, runRate, durationS, warmupS, subscribers, payloadBytes, runRoom, runTag, drainS,
            ioThreads > 0 ? ioThreads : CpuSample.machineCores(), connectConcurrency, serverPid);
    }

    /** {@code --out}, or {@code bench/results} under the project root that bin/ringway passes as {@code ringway.root}. */
    Path outDir()
    {
        if (out != null)
        {
            return out;
        }
        final String root = System.getProperty("ringway.root");
        final Path base = root != null && Files.isDirectory(Path.of(root)) ? Path.of(root) : Path.of(".");
        return base.resolve("bench").resolve("results");
    }
}
