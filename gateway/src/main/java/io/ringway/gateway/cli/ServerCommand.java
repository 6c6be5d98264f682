package io.ringway.gateway.cli;

import io.ringway.engine.EngineConfig;
import io.ringway.engine.HistoryConfig;
import io.ringway.engine.SnapshotConfig;
import io.ringway.engine.IdleStrategyKind;
import io.ringway.engine.link.OutboundDelivery;
import io.ringway.engine.logic.LogicSettings;
import io.ringway.engine.logic.OutboundDigest;
import io.ringway.engine.logic.RoomLimits;
import io.ringway.journal.JournalException;
import io.ringway.engine.replay.ReplayResult;
import io.ringway.gateway.GatewayConfig;
import io.ringway.gateway.RingwayServer;
import io.ringway.gateway.auth.AuthConfig;
import io.ringway.gateway.io.IoTransport;
import io.netty.handler.ssl.SslContext;
import io.ringway.gateway.link.LinkListener;
import io.ringway.gateway.link.LinkSecret;
import io.ringway.gateway.link.LinkTls;
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
    @Option(names = "--data-dir", defaultValue = "data", description = "Journal directory root (default: ${DEFAULT-VALUE}).")
    Path dataDir;

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

    @Mixin
    RoomLimitOptions roomLimits;

    @Mixin
    GatewayOptions gateway;

    @Option(names = "--link-port", defaultValue = "-1",
        description = "Port where gateways in other processes attach to this engine (`ringway gateway --engine`); 0 picks a free one, "
            + "-1 disables (default: ${DEFAULT-VALUE}).")
    int linkPort;

    @Option(names = "--link-host", defaultValue = "127.0.0.1",
        description = "Address the link port binds. A gateway on the link acts for any user: keep it on loopback or a private "
            + "network, with --link-secret-file (and TLS) beyond loopback (default: ${DEFAULT-VALUE}).")
    String linkHost;

    @Option(names = "--link-secret-file", paramLabel = "FILE",
        description = "Require every gateway's HELLO to carry the secret in FILE (32 to 1024 bytes; a trailing newline is dropped); "
            + "give each `ringway gateway` the same file. Without TLS this keeps strangers out, not listeners.")
    Path linkSecretFile;

    @Option(names = "--link-tls-cert-file", paramLabel = "FILE",
        description = "Serve the link over TLS with the certificate chain in FILE (PEM, this engine's certificate first); "
            + "needs --link-tls-key-file. Gateways then need --engine-tls or --engine-tls-trust-file.")
    Path linkTlsCertFile;

    @Option(names = "--link-tls-key-file", paramLabel = "FILE",
        description = "The private key of --link-tls-cert-file (PEM, PKCS#8 as `openssl genpkey` writes it, unencrypted).")
    Path linkTlsKeyFile;

    @Override
    public Integer call() throws InterruptedException
    {
        final AuthConfig auth;
        final RoomLimits limits;
        final HistoryConfig historyConfig;
        final int engineThreads;
        final OutboundDelivery outboundDelivery;
        final IoTransport ioTransport;
        final byte[] linkSecret;
        final SslContext linkTls;
        try
        {
            auth = gateway.auth();
            linkSecret = linkSecretFile == null ? null : LinkSecret.read(linkSecretFile);
            if ((linkTlsCertFile == null) != (linkTlsKeyFile == null))
            {
                throw new IllegalArgumentException("--link-tls-cert-file and --link-tls-key-file go together");
            }
            linkTls = linkTlsCertFile == null || linkPort < 0 ? null : LinkTls.server(linkTlsCertFile, linkTlsKeyFile);
            ioTransport = gateway.ioTransport();
            limits = roomLimits.toLimits();
            historyConfig = history.toConfig();
            new LogicSettings(inboxLimit, limits, historyConfig).requireFitsRoomLog(); // the flags together: history a room's log holds
            final int cores = Runtime.getRuntime().availableProcessors();
            engineThreads = ThreadLayout.engineThreads(engineThreadsOption, cores);
            outboundDelivery = ThreadLayout.outboundDelivery(outboundDeliveryOption, cores);
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            System.err.println("ringway: cannot start: " + ex.getMessage());
            return 2;
        }
        if (linkPort < -1 || linkPort > 0xFFFF)
        {
            System.err.println("ringway: cannot start: --link-port must be -1 (none), 0 (any) or a port up to 65535, not " + linkPort);
            return 2;
        }
        if ((linkSecretFile != null || linkTlsCertFile != null) && linkPort < 0)
        {
            System.out.println("ringway: WARNING: --link-secret-file and --link-tls-* are ignored without --link-port");
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
        final GatewayConfig gatewayConfig;
        try
        {
            gatewayConfig = gateway.toConfig(RingwayServer.EMBEDDED_GATEWAY_ID, ioTransport, auth);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("ringway: cannot start: " + ex.getMessage()); // the listeners' TLS files
            return 2;
        }

        final RingwayServer server;
        try
        {
            server = RingwayServer.start(engineConfig, gatewayConfig, outboundDelivery,
                linkPort < 0 ? null : new LinkListener(linkHost, linkPort, linkSecret, linkTls));
        }
        catch (final JournalException ex)
        {
            System.err.println("ringway: cannot start: " + ex.getMessage() + (ex.getCause() != null ? ": " + ex.getCause() : ""));
            return 2;
        }
        catch (final IllegalStateException ex)
        {
            System.err.println("ringway: cannot start: " + ex.getMessage()); // a port in use
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

        final long snapshotSeq = server.engine().recoverySnapshotSequence();
        System.out.println("ringway: journal " + engineConfig.journalDirectory().toAbsolutePath() + ": recovered " +
            (snapshotSeq > 0 ? "from snapshot seq " + snapshotSeq + " + " : "") +
            recovered.commands() + " commands (last seq " + recovered.lastSequence() + ", digest " +
            OutboundDigest.toHex(recovered.digest()) + ")");
        System.out.println("ringway: snapshots " + (snapshots.enabled()
            ? engineConfig.snapshotDirectory().toAbsolutePath() + " every " + snapshots.everyCommands() + " commands, keep " + snapshots.keep()
            : "off"));
        GatewayOptions.printListeners(server.gateway());
        if (server.linkAddress() != null)
        {
            System.out.println("ringway: link " + server.linkAddress().getHostString() + ":" + server.linkAddress().getPort()
                + " (gateways in other processes: ringway gateway --engine " + server.linkAddress().getHostString() + ":"
                + server.linkAddress().getPort() + " --gateway-id N, N >= 2)");
            System.out.println("ringway: link secret " + (linkSecret == null ? "none (any gateway that reaches the port may attach)"
                : "required (" + linkSecretFile + ")") + "; link TLS " + (linkTls == null ? "off" : "on (" + linkTlsCertFile + ")"));
            if (!server.linkAddress().getAddress().isLoopbackAddress() && linkSecret == null)
            {
                System.out.println("ringway: WARNING: the link port listens on " + linkHost + ", not a loopback address, with no "
                    + "--link-secret-file: whatever reaches it can attach as a gateway and act for any user");
            }
            if (!server.linkAddress().getAddress().isLoopbackAddress() && linkTls == null)
            {
                System.out.println("ringway: WARNING: the link port listens on " + linkHost + ", not a loopback address, without TLS: "
                    + "whoever can see its traffic sees every message and the link secret (--link-tls-cert-file)");
            }
        }
        GatewayOptions.printAuth(auth, gateway.host, server.gateway().httpAddress().getAddress());
        System.out.println("ringway: ready (idle strategy " + idleStrategy + ", engine threads " + engineThreads
            + ", outbound delivery " + outboundDelivery + ", io " + ioTransport.label() + "); Ctrl-C to stop");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
