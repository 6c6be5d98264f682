package io.ringway.bench.load;

import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Options of every scenario that says where the server is and where results go (a picocli
 * mixin): the target, the server pid for /proc accounting, the results directory, client threads.
 */
public final class TargetOptions
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

    @Option(names = "--out", paramLabel = "DIR",
        description = "Results directory; each run writes a timestamped subdirectory. Default: bench/results of the project")
    Path out;

    @Option(names = "--server-pid", defaultValue = "0", paramLabel = "PID",
        description = "Server process id: report its CPU seconds (from /proc/PID/stat) and deliveries per server CPU-second")
    long serverPid;

    @Option(names = "--io-threads", defaultValue = "0", paramLabel = "N",
        description = "Client Netty event-loop threads. Default: the number of cores")
    int ioThreads;

    @Option(names = "--client-io", defaultValue = "auto", paramLabel = "IO",
        description = "The load generator's Netty transport: auto (epoll where it loads, else nio), epoll or nio. Default: ${DEFAULT-VALUE}")
    String clientIo;

    /** The target; refuses anything but 127.0.0.x. */
    LoadTarget target()
    {
        return LoadTarget.of(transport, url, tcp).withClientIo(BenchIo.parse(clientIo));
    }

    /** {@code --server-pid}, checked to be readable in /proc (0 when not given). */
    long serverPid()
    {
        if (serverPid != 0 && CpuSample.readServerTicks(serverPid) < 0)
        {
            throw new IllegalArgumentException("--server-pid " + serverPid + ": cannot read /proc/" + serverPid + "/stat (no such process?)");
        }
        return serverPid;
    }

    int ioThreads()
    {
        return ioThreads > 0 ? ioThreads : CpuSample.machineCores();
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
