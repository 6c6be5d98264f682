package io.ringway.gateway.cli;

import io.ringway.gateway.GatewayConfig;
import io.ringway.gateway.LinkedGateway;
import io.ringway.gateway.auth.AuthConfig;
import io.ringway.gateway.io.IoTransport;
import io.ringway.gateway.link.EngineLinkException;
import io.netty.handler.ssl.SslContext;
import io.ringway.gateway.link.LinkSecret;
import io.ringway.gateway.link.LinkTls;
import io.ringway.gateway.link.TcpEngineLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** {@code ringway gateway}: a gateway in this process, linked to an engine in another, until SIGINT/SIGTERM or the link is lost. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "Start a gateway linked over TCP to the engine of a `ringway server --link-port` (many gateways, one engine).")
final class GatewayCommand implements Callable<Integer>
{
    /** The exit code when the engine link is lost: a supervisor restarts the gateway, which attaches afresh. */
    static final int LINK_LOST_EXIT = 3;

    @Option(names = "--engine", required = true, paramLabel = "HOST:PORT", description = "The engine's link address (its --link-port).")
    String engine;

    @Option(names = "--gateway-id", required = true, paramLabel = "N",
        description = "This gateway's id on the engine, 2-65535 (1 is the embedded gateway's), unique among the gateways attached.")
    int gatewayId;

    @Option(names = "--engine-connect-timeout-ms", defaultValue = "5000",
        description = "How long to wait for the engine to accept the link (default: ${DEFAULT-VALUE}).")
    long connectTimeoutMs;

    @Option(names = "--link-secret-file", paramLabel = "FILE",
        description = "The engine's link secret (its --link-secret-file), sent in this gateway's HELLO.")
    Path linkSecretFile;

    @Option(names = "--engine-tls",
        description = "Reach the engine over TLS (its --link-tls-cert-file), trusting the JDK's certificate authorities; the "
            + "certificate must name the host of --engine.")
    boolean engineTls;

    @Option(names = "--engine-tls-trust-file", paramLabel = "FILE",
        description = "Reach the engine over TLS, trusting only the PEM certificates in FILE (the engine's, or the CA that signed it); "
            + "the certificate must name the host of --engine.")
    Path engineTlsTrustFile;

    @Mixin
    GatewayOptions gateway;

    private static int parsePort(final String port)
    {
        try
        {
            return Integer.parseInt(port);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--engine's port must be a number, not '" + port + "'");
        }
    }

    @Override
    public Integer call() throws InterruptedException
    {
        final int colon = engine.lastIndexOf(':');
        final int enginePort;
        final AuthConfig auth;
        final IoTransport ioTransport;
        final GatewayConfig config;
        final byte[] linkSecret;
        final SslContext linkTls;
        try
        {
            if (colon <= 0)
            {
                throw new IllegalArgumentException("--engine must be HOST:PORT, not '" + engine + "'");
            }
            enginePort = parsePort(engine.substring(colon + 1));
            if (enginePort < 1 || enginePort > 0xFFFF)
            {
                throw new IllegalArgumentException("--engine's port must be 1-65535, not " + enginePort);
            }
            if (connectTimeoutMs < 1)
            {
                throw new IllegalArgumentException("--engine-connect-timeout-ms must be at least 1, not " + connectTimeoutMs);
            }
            if (gatewayId < 2 || gatewayId > 0xFFFF)
            {
                throw new IllegalArgumentException("--gateway-id must be 2-65535 (1 is the embedded gateway's), not " + gatewayId);
            }
            auth = gateway.auth();
            ioTransport = gateway.ioTransport();
            config = gateway.toConfig(gatewayId, ioTransport, auth);
            if (config.maxFrameBytes() > TcpEngineLink.MAX_COMMAND_BYTES)
            {
                // A larger client message makes a command the link does not carry: it would be answered overloaded forever.
                throw new IllegalArgumentException("--max-frame-bytes must be at most " + TcpEngineLink.MAX_COMMAND_BYTES
                    + " on a linked gateway (the link's largest command), not " + config.maxFrameBytes());
            }
            linkSecret = linkSecretFile == null ? new byte[0] : LinkSecret.read(linkSecretFile);
            linkTls = engineTls || engineTlsTrustFile != null ? LinkTls.client(engineTlsTrustFile) : null;
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            System.err.println("ringway: cannot start: " + ex.getMessage());
            return 2;
        }
        final LinkedGateway linked;
        try
        {
            linked = LinkedGateway.start(config, engine.substring(0, colon), enginePort, connectTimeoutMs, linkSecret, linkTls);
        }
        catch (final EngineLinkException | IllegalStateException ex)
        {
            System.err.println("ringway: cannot start: " + ex.getMessage()); // no engine, refused, or a port in use
            return 2;
        }
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            if (!exit.isDone())
            {
                System.out.println("ringway: shutting down (closing connections, then the engine link)");
            }
            linked.close();
            System.out.flush();
            exit.complete(0);
        }, "ringway-shutdown"));
        linked.lost().thenAccept(reason ->
        {
            System.err.println("ringway: engine link lost (" + reason + "): closing every connection; restart this gateway to attach again");
            exit.complete(LINK_LOST_EXIT);
        });

        GatewayOptions.printListeners(linked.gateway());
        GatewayOptions.printAuth(auth, gateway.host, linked.gateway().httpAddress().getAddress());
        System.out.println("ringway: gateway " + gatewayId + " linked to engine " + linked.engineAddress()
            + (linkTls == null ? "" : " over TLS") + " (io " + ioTransport.label() + "); Ctrl-C to stop");
        System.out.flush();
        try
        {
            final int code = exit.get();
            if (code == LINK_LOST_EXIT)
            {
                linked.close();
            }
            return code;
        }
        catch (final ExecutionException ex)
        {
            return 1;
        }
    }
}
