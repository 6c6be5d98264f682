package io.ringway.gateway.cli;

import io.netty.handler.ssl.SslContext;
import io.ringway.gateway.Gateway;
import io.ringway.gateway.GatewayConfig;
import io.ringway.gateway.auth.AuthConfig;
import io.ringway.gateway.io.IoTransport;
import io.ringway.gateway.io.ServerTls;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.nio.file.Path;

/**
 * A gateway's flags: its listeners, limits, lanes, event loops and token checks. Shared by
 * {@code server} (the embedded gateway) and {@code gateway} (one linked to an engine elsewhere).
 */
final class GatewayOptions
{
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP + WebSocket port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--tcp-port", defaultValue = "9090", description = "Raw TCP binary port; 0 picks a free one, -1 disables (default: ${DEFAULT-VALUE}).")
    int tcpPort;

    @Option(names = "--max-frame-bytes", defaultValue = "65536", description = "Largest WebSocket message / binary frame (default: ${DEFAULT-VALUE}).")
    int maxFrameBytes;

    @Option(names = "--idle-timeout-ms", defaultValue = "60000", description = "Close connections silent this long (default: ${DEFAULT-VALUE}).")
    long idleTimeoutMs;

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

    // The secret is read from a file (or the environment), never taken on the command line, where `ps` shows it.
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

    @Option(names = "--tls-cert-file", paramLabel = "FILE",
        description = "Serve the client listeners over TLS (wss://, https:// for /health, and TLS raw TCP) with the certificate chain "
            + "in FILE (PEM, this server's certificate first); needs --tls-key-file.")
    Path tlsCertFile;

    @Option(names = "--tls-key-file", paramLabel = "FILE",
        description = "The private key of --tls-cert-file (PEM, PKCS#8 as `openssl genpkey` writes it, unencrypted).")
    Path tlsKeyFile;

    /** The client listeners' TLS, or null for plain. @throws IllegalArgumentException when the files cannot be used */
    SslContext tls()
    {
        if ((tlsCertFile == null) != (tlsKeyFile == null))
        {
            throw new IllegalArgumentException("--tls-cert-file and --tls-key-file go together");
        }
        return tlsCertFile == null ? null : ServerTls.context(tlsCertFile, tlsKeyFile, "--tls-cert-file", "--tls-key-file", "the listeners'");
    }

    /** @throws IllegalArgumentException when the token settings cannot be loaded */
    AuthConfig auth()
    {
        return AuthConfig.load(jwtSecretFile, System.getenv(AuthConfig.SECRET_ENV), jwksFile, jwtIssuer, jwtAudience, jwtClockSkewS);
    }

    /** @throws IllegalArgumentException or IllegalStateException when the transport is unknown or cannot load here */
    IoTransport ioTransport()
    {
        return IoTransport.parse(ioTransportOption).resolve();
    }

    /** @throws IllegalArgumentException when the TLS files cannot be used */
    GatewayConfig toConfig(final int gatewayId, final IoTransport ioTransport, final AuthConfig auth)
    {
        return new GatewayConfig(gatewayId, host, port, tcpPort, maxFrameBytes, idleTimeoutMs,
            controlQueue, realtimeQueue, standardQueue, maxConnections,
            ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors(), ioTransport, auth, tls());
    }

    static void printAuth(final AuthConfig auth, final String host, final InetAddress bound)
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

    /** The listeners' lines of the start-up banner. */
    static void printListeners(final Gateway gateway)
    {
        final String httpHost = gateway.httpAddress().getHostString();
        final int httpPort = gateway.httpAddress().getPort();
        final boolean tls = gateway.config().tls() != null;
        System.out.println("ringway: websocket " + (tls ? "wss://" : "ws://") + httpHost + ":" + httpPort + "/ws");
        System.out.println("ringway: http " + (tls ? "https://" : "http://") + httpHost + ":" + httpPort + "/health");
        if (gateway.tcpAddress() != null)
        {
            System.out.println("ringway: tcp " + gateway.tcpAddress().getHostString() + ":" + gateway.tcpAddress().getPort() + (tls ? " (TLS)" : ""));
        }
    }
}
