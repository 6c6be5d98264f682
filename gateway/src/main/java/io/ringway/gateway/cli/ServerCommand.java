package io.ringway.gateway.cli;

import io.ringway.engine.EngineConfig;
import io.ringway.engine.HistoryConfig;
import io.ringway.engine.SnapshotConfig;
import io.ringway.engine.IdleStrategyKind;
import io.ringway.engine.link.OutboundDelivery;
import io.ringway.engine.logic.OutboundDigest;
import io.ringway.engine.logic.RoomLimits;
import io.ringway.journal.JournalException;
import io.ringway.engine.replay.ReplayResult;
import io.ringway.gateway.GatewayConfig;
import io.ringway.gateway.RingwayServer;
import io.ringway.gateway.auth.AuthConfig;
import io.ringway.gateway.io.IoTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;

/** {@code ringway server}: engine + gateway in one process, until SIGINT/SIGTERM. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Start the embedded gateway and engine (WebSocket + HTTP, raw TCP, journal).")
final class ServerCommand implements Callable<Integer>
{
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP + WebSocket port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--tcp-port", defaultValue = "9090", description = "Raw TCP binary port; 0 picks a free one, -1 disables (default: ${DEFAULT-VALUE}).")
    int tcpPort;

    @Option(names = "--data-dir", defaultValue = "data", description = "Journal directory root (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--max-frame-bytes", defaultValue = "65536", description = "Largest WebSocket message / binary frame (default: ${DEFAULT-VALUE}).")
    int maxFrameBytes;

    @Option(names = "--idle-timeout-ms", defaultValue = "60000", description = "Close connections silent this long (default: ${DEFAULT-VALUE}).")
    long idleTimeoutMs;

    @Option(names = "--idle-strategy", defaultValue = "BACKOFF",
        description = "Engine wait strategy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    IdleStrategyKind idleStrategy;

    @Option(names = "--engine-threads", defaultValue = ThreadLayout.AUTO,
        description = "2: journaller and business logic on their own threads; 1: one thread journals each batch, then applies it "
            + "(one hand-off less); auto: 1 on 2 cores or fewer, else 2 (default: ${DEFAULT-VALUE}).")
    String engineThreadsOption;

    @Option(names = "--outbound-delivery", defaultValue = ThreadLayout.AUTO,
        description = "How the gateway receives the engine's events: ring (a ring to its own dispatcher thread), direct "
            + "(the logic thread runs the dispatcher: one thread hand-off less) or auto: direct on 2 cores or fewer, else ring "
            + "(default: ${DEFAULT-VALUE}).")
    String outboundDeliveryOption;

    @Option(names = "--backoff-spin-us", defaultValue = "2",
        description = "BACKOFF: microseconds an engine thread spins for work before it yields (default: ${DEFAULT-VALUE}).")
    long backoffSpinUs;

    @Option(names = "--backoff-yield-us", defaultValue = "0",
        description = "BACKOFF: microseconds it then yields before it blocks (default: ${DEFAULT-VALUE}).")
    long backoffYieldUs;

    @Option(names = "--ring-size", defaultValue = "16384", description = "Inbound and outbound ring slots, power of two (default: ${DEFAULT-VALUE}).")
    int ringSize;

    @Option(names = "--queue-control", defaultValue = "4096", description = "CONTROL lane bound per session (default: ${DEFAULT-VALUE}).")
    int controlQueue;

    @Option(names = "--queue-realtime", defaultValue = "256", description = "REALTIME lane bound per session (default: ${DEFAULT-VALUE}).")
    int realtimeQueue;

    @Option(names = "--queue-standard", defaultValue = "4096", description = "STANDARD lane bound per session; overflow closes as slow consumer (default: ${DEFAULT-VALUE}).")
    int standardQueue;

    @Option(names = "--max-connections", defaultValue = "100000", description = "Concurrent connections (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--io-threads", defaultValue = "0", description = "Netty event-loop threads; 0 = one per core.")
    int ioThreads;

    @Option(names = "--io-transport", defaultValue = "auto",
        description = "Netty transport of the event loops: auto (epoll when its native library loads, else nio), epoll, io_uring "
            + "or nio (default: ${DEFAULT-VALUE}).")
    String ioTransportOption;

    @Option(names = "--inbox-limit", defaultValue = "10000", description = "Direct messages kept per offline user (default: ${DEFAULT-VALUE}).")
    int inboxLimit;

    @Mixin
    HistoryOptions history;
    @Option(names = "--snapshot-every", defaultValue = "" + SnapshotConfig.DEFAULT_EVERY_COMMANDS, paramLabel = "COMMANDS",
        description = "Write a state snapshot every COMMANDS applied commands, and one on a clean stop; start-up loads the newest " +
            "and replays only the journal after it. 0 turns snapshots off (default: ${DEFAULT-VALUE}).")
    long snapshotEvery;

    @Option(names = "--snapshot-keep", defaultValue = "" + SnapshotConfig.DEFAULT_KEEP,
        description = "Snapshot files kept, newest first (default: ${DEFAULT-VALUE}).")
    int snapshotKeep;

    @Option(names = "--journal-pretouch", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Read the journal file's pages ahead of the writer on a thread of its own, so the engine thread "
            + "does not take their first-touch page faults; --no-journal-pretouch turns it off (default: ${DEFAULT-VALUE}).")
    boolean journalPretouch;

    // The secret is read from a file (or the environment), never taken on the command line, where `ps` shows it.
    @Mixin
    RoomLimitOptions roomLimits;

    @Option(names = "--jwt-hs256-secret-file", paramLabel = "FILE",
        description = "Accept HS256 tokens signed with the secret in FILE (at least 32 bytes; a trailing newline is dropped). " +
            "Or set " + AuthConfig.SECRET_ENV + ".")
    Path jwtSecretFile;

    @Option(names = "--jwt-jwks-file", paramLabel = "FILE",
        description = "Accept RS256 / ES256 tokens signed by the public keys (RSA, EC P-256) in this JWKS file; a token's kid selects the key.")
    Path jwksFile;

    @Option(names = "--jwt-issuer", paramLabel = "ISS", description = "Require this iss claim.")
    String jwtIssuer;

    @Option(names = "--jwt-audience", paramLabel = "AUD", description = "Require aud to contain this value.")
    String jwtAudience;

    @Option(names = "--jwt-clock-skew-s", defaultValue = "30",
        description = "Clock difference tolerated when checking exp and nbf, seconds (default: ${DEFAULT-VALUE}).")
    long jwtClockSkewS;

    @Override
    public Integer call() throws InterruptedException
    {
        final AuthConfig auth;
        try
        {
            auth = AuthConfig.load(jwtSecretFile, System.getenv(AuthConfig.SECRET_ENV), jwksFile,
                jwtIssuer, jwtAudience, jwtClockSkewS);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("ringway: cannot start: " + ex.getMessage());
            return 2;
        }
        final RoomLimits limits;
        final HistoryConfig historyConfig;
        final int engineThreads;
        final OutboundDelivery outboundDelivery;
        final IoTransport ioTransport;
        try
        {
            ioTransport = IoTransport.parse(ioTransportOption).resolve();
            limits = roomLimits.toLimits();
            historyConfig = history.toConfig();
            final int cores = Runtime.getRuntime().availableProcessors();
            engineThreads = ThreadLayout.engineThreads(engineThreadsOption, cores);
            outboundDelivery = ThreadLayout.outboundDelivery(outboundDeliveryOption, cores);
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            System.err.println("ringway: cannot start: " + ex.getMessage());
            return 2;
        }
        if (snapshotEvery < 0 || snapshotKeep < 1)
        {
            System.err.println("ringway: cannot start: --snapshot-every must be >= 0 and --snapshot-keep >= 1");
            return 2;
        }
        final SnapshotConfig snapshots = snapshotEvery == 0 ? SnapshotConfig.DISABLED
            : new SnapshotConfig(true, snapshotEvery, snapshotKeep);
        final EngineConfig engineConfig = new EngineConfig(dataDir, ringSize, ringSize, idleStrategy, inboxLimit,
            TimeUnit.MICROSECONDS.toNanos(backoffSpinUs), TimeUnit.MICROSECONDS.toNanos(backoffYieldUs), engineThreads,
            limits, historyConfig, snapshots).withJournalPretouch(journalPretouch);
        final GatewayConfig gatewayConfig = new GatewayConfig(1, host, port, tcpPort, maxFrameBytes, idleTimeoutMs,
            controlQueue, realtimeQueue, standardQueue, maxConnections,
            ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors(), ioTransport, auth);

        final RingwayServer server;
        try
        {
            server = RingwayServer.start(engineConfig, gatewayConfig, outboundDelivery);
        }
        catch (final JournalException ex)
        {
            System.err.println("ringway: cannot start: " + ex.getMessage() + (ex.getCause() != null ? ": " + ex.getCause() : ""));
            return 2;
        }
        final ReplayResult recovered = server.engine().recovery();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            System.out.println("ringway: shutting down (draining connections, closing journal)");
            server.close();
            System.out.println("ringway: stopped");
            System.out.flush();
            stopped.countDown();
        }, "ringway-shutdown"));

        final String httpHost = server.gateway().httpAddress().getHostString();
        final int httpPort = server.gateway().httpAddress().getPort();
        final long snapshotSeq = server.engine().recoverySnapshotSequence();
        System.out.println("ringway: journal " + engineConfig.journalDirectory().toAbsolutePath() + ": recovered " +
            (snapshotSeq > 0 ? "from snapshot seq " + snapshotSeq + " + " : "") +
            recovered.commands() + " commands (last seq " + recovered.lastSequence() + ", digest " +
            OutboundDigest.toHex(recovered.digest()) + ")");
        System.out.println("ringway: snapshots " + (snapshots.enabled()
            ? engineConfig.snapshotDirectory().toAbsolutePath() + " every " + snapshots.everyCommands() + " commands, keep " + snapshots.keep()
            : "off"));
        System.out.println("ringway: websocket ws://" + httpHost + ":" + httpPort + "/ws");
        System.out.println("ringway: http http://" + httpHost + ":" + httpPort + "/health");
        if (server.gateway().tcpAddress() != null)
        {
            System.out.println("ringway: tcp " + server.gateway().tcpAddress().getHostString() + ":" +
                server.gateway().tcpAddress().getPort());
        }
        printAuth(auth, host, server.gateway().httpAddress().getAddress());
        System.out.println("ringway: ready (idle strategy " + idleStrategy + ", engine threads " + engineThreads
            + ", outbound delivery " + outboundDelivery + ", io " + ioTransport.label() + "); Ctrl-C to stop");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static void printAuth(final AuthConfig auth, final String host, final java.net.InetAddress bound)
    {
        if (auth.isDevMode())
        {
            System.out.println("ringway: WARNING: dev mode: no JWT secret or keys configured; client_id/user are trusted as identity. " +
                "Do not expose beyond localhost.");
            if (!bound.isLoopbackAddress())
            {
                System.out.println("ringway: WARNING: dev mode on --host " + host +
                    ", which is not a loopback address: anyone who can reach it can claim any user id");
            }
            return;
        }
        System.out.println("ringway: auth " + auth.describe() + "; client_id and HELLO user grant no identity");
        for (final String note : auth.notes())
        {
            System.out.println("ringway: jwks: " + note);
        }
    }
}
