package io.ringway.bench.load;

import io.netty.handler.ssl.SslContext;
import io.ringway.gateway.io.ClientTls;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    @Option(names = "--server-pid", split = ",", paramLabel = "PID",
        description = "Server process id: report its CPU seconds (from /proc/PID/stat) and deliveries per server CPU-second. "
            + "Repeat it (or give a comma-separated list) for a server and its linked gateways: their CPU is summed")
    List<Long> serverPids = new ArrayList<>();

    @Option(names = "--io-threads", defaultValue = "0", paramLabel = "N",
        description = "Client Netty event-loop threads. Default: the number of cores")
    int ioThreads;

    @Option(names = "--client-io", defaultValue = "auto", paramLabel = "IO",
        description = "The load generator's Netty transport: auto (epoll where it loads, else nio), epoll or nio. Default: ${DEFAULT-VALUE}")
    String clientIo;

    @Option(names = "--tcp-tls",
        description = "Raw TCP over TLS (a server with --tls-cert-file); WebSocket over TLS is a wss:// --url.")
    boolean tcpTls;

    @Option(names = "--tls-trust-file", paramLabel = "FILE",
        description = "For wss:// and --tcp-tls: trust the PEM certificates in FILE (the server's, or its CA) instead of the JDK's CAs. "
            + "The certificate must name the host of the URL either way")
    Path tlsTrustFile;

    /** The target; refuses anything but 127.0.0.x. */
    LoadTarget target()
    {
        final LoadTarget target = LoadTarget.of(transport, url, tcp).withClientIo(BenchIo.parse(clientIo));
        if (tcpTls && transport.webSocket())
        {
            throw new IllegalArgumentException("--tcp-tls is for --transport tcp: WebSocket over TLS is a wss:// --url");
        }
        return target.secure() || tcpTls ? target.withTls(clientTls()) : target;
    }

    private SslContext clientTls;

    /** The client TLS context for every secure endpoint of a run (made once: one context, one session cache). */
    SslContext clientTls()
    {
        if (clientTls == null)
        {
            clientTls = ClientTls.context(tlsTrustFile, "--tls-trust-file");
        }
        return clientTls;
    }

    /** Every {@code --server-pid}, each checked to be readable in /proc (none when not given). */
    ServerPids serverPids()
    {
        final ServerPids pids = ServerPids.of(serverPids);
        for (int i = 0; i < pids.size(); i++)
        {
            final long pid = pids.get(i);
            if (CpuSample.readServerTicks(pid) < 0)
            {
                throw new IllegalArgumentException("--server-pid " + pid + ": cannot read /proc/" + pid + "/stat (no such process?)");
            }
        }
        return pids;
    }

    /** For scenarios that measure one process (its heap and RSS): at most one {@code --server-pid}; 0 when not given. */
    long singleServerPid(final String scenario)
    {
        final ServerPids pids = serverPids();
        if (pids.size() > 1)
        {
            throw new IllegalArgumentException(scenario + " measures one server process: give one --server-pid"
                + " (for several gateways, run one " + scenario + " client per gateway: bench/conns-gateways.sh)");
        }
        return pids.isEmpty() ? 0 : pids.get(0);
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
