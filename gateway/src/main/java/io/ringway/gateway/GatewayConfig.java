package io.ringway.gateway;

import io.netty.handler.ssl.SslContext;
import io.ringway.gateway.auth.AuthConfig;
import io.ringway.gateway.io.IoTransport;

/**
 * Gateway settings.
 *
 * @param gatewayId            this gateway's id on the engine link (1..65535)
 * @param host                 address both listeners bind
 * @param httpPort             HTTP + WebSocket port ({@code /ws}, {@code /health}); 0 picks a free port
 * @param tcpPort              raw TCP binary-frame port; 0 picks a free port, -1 disables it
 * @param maxFrameBytes        largest WebSocket message or binary frame accepted
 * @param idleTimeoutMs        a connection silent this long is closed (WebSocket pings at a third of it)
 * @param controlQueueLimit    CONTROL lane bound per session (acks, errors, pongs)
 * @param realtimeQueueLimit   REALTIME lane bound per session (latest state per key)
 * @param standardQueueLimit   STANDARD lane bound per session (messages); overflow closes the session as a slow consumer
 * @param maxConnections       concurrent sessions
 * @param ioThreads            Netty event-loop threads
 * @param ioTransport          Netty transport of those event loops (epoll, NIO, ...)
 * @param auth                 how connections authenticate: JWT keys, or dev mode when none are configured
 * @param tls                  TLS on both client listeners (wss:// and TLS raw TCP), or null for plain ({@code --tls-cert-file})
 */
public record GatewayConfig(
    int gatewayId,
    String host,
    int httpPort,
    int tcpPort,
    int maxFrameBytes,
    long idleTimeoutMs,
    int controlQueueLimit,
    int realtimeQueueLimit,
    int standardQueueLimit,
    int maxConnections,
    int ioThreads,
    IoTransport ioTransport,
    AuthConfig auth,
    SslContext tls)
{
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    public static final long DEFAULT_IDLE_TIMEOUT_MS = 60_000;
    /**
     * As many as STANDARD's: a publishing client gets one ack per publish, so a smaller CONTROL bound
     * closed a client that fell behind on its acks before its messages (seen as {@code CONTROL lane
     * full at 1024 messages} when a cold load generator lagged in its first second). Lanes grow in
     * chunks of 16, so the bound costs an idle connection nothing.
     */
    public static final int DEFAULT_CONTROL_QUEUE_LIMIT = 4096;
    public static final int DEFAULT_REALTIME_QUEUE_LIMIT = 256;
    public static final int DEFAULT_STANDARD_QUEUE_LIMIT = 4096;
    public static final int DEFAULT_MAX_CONNECTIONS = 100_000;

    public GatewayConfig
    {
        if (gatewayId < 1 || gatewayId > 0xFFFF)
        {
            throw new IllegalArgumentException("gatewayId must be 1..65535");
        }
        if (maxFrameBytes < 64)
        {
            throw new IllegalArgumentException("maxFrameBytes must be >= 64");
        }
        if (idleTimeoutMs < 100)
        {
            throw new IllegalArgumentException("idleTimeoutMs must be >= 100");
        }
        if (controlQueueLimit < 2 || realtimeQueueLimit < 2 || standardQueueLimit < 2)
        {
            throw new IllegalArgumentException("queue limits must be >= 2");
        }
        if (ioTransport == null)
        {
            throw new IllegalArgumentException("ioTransport must be given (IoTransport.AUTO picks one)");
        }
        if (auth == null)
        {
            throw new IllegalArgumentException("auth must be given (AuthConfig.devMode() for none)");
        }
        if (maxConnections < 1 || maxConnections > io.ringway.gateway.session.SessionRegistry.MAX_SLOTS)
        {
            throw new IllegalArgumentException("maxConnections must be 1.." + io.ringway.gateway.session.SessionRegistry.MAX_SLOTS);
        }
    }

    public static GatewayConfig defaults()
    {
        return new GatewayConfig(1, "127.0.0.1", 8080, 9090, DEFAULT_MAX_FRAME_BYTES, DEFAULT_IDLE_TIMEOUT_MS,
            DEFAULT_CONTROL_QUEUE_LIMIT, DEFAULT_REALTIME_QUEUE_LIMIT, DEFAULT_STANDARD_QUEUE_LIMIT,
            DEFAULT_MAX_CONNECTIONS, Math.max(1, Runtime.getRuntime().availableProcessors()), IoTransport.AUTO, AuthConfig.devMode(), null);
    }

    public GatewayConfig withGatewayId(final int gatewayId)
    {
        return new GatewayConfig(gatewayId, host, httpPort, tcpPort, maxFrameBytes, idleTimeoutMs, controlQueueLimit,
            realtimeQueueLimit, standardQueueLimit, maxConnections, ioThreads, ioTransport, auth, tls);
    }

    public GatewayConfig withPorts(final int httpPort, final int tcpPort)
    {
        return new GatewayConfig(gatewayId, host, httpPort, tcpPort, maxFrameBytes, idleTimeoutMs, controlQueueLimit,
            realtimeQueueLimit, standardQueueLimit, maxConnections, ioThreads, ioTransport, auth, tls);
    }

    public GatewayConfig withIdleTimeoutMs(final long idleTimeoutMs)
    {
        return new GatewayConfig(gatewayId, host, httpPort, tcpPort, maxFrameBytes, idleTimeoutMs, controlQueueLimit,
            realtimeQueueLimit, standardQueueLimit, maxConnections, ioThreads, ioTransport, auth, tls);
    }

    public GatewayConfig withQueueLimits(final int control, final int realtime, final int standard)
    {
        return new GatewayConfig(gatewayId, host, httpPort, tcpPort, maxFrameBytes, idleTimeoutMs, control,
            realtime, standard, maxConnections, ioThreads, ioTransport, auth, tls);
    }

    public GatewayConfig withAuth(final AuthConfig auth)
    {
        return new GatewayConfig(gatewayId, host, httpPort, tcpPort, maxFrameBytes, idleTimeoutMs, controlQueueLimit,
            realtimeQueueLimit, standardQueueLimit, maxConnections, ioThreads, ioTransport, auth, tls);
    }

    public GatewayConfig withMaxFrameBytes(final int maxFrameBytes)
    {
        return new GatewayConfig(gatewayId, host, httpPort, tcpPort, maxFrameBytes, idleTimeoutMs, controlQueueLimit,
            realtimeQueueLimit, standardQueueLimit, maxConnections, ioThreads, ioTransport, auth, tls);
    }

    /** @param tls a server context ({@link io.ringway.gateway.io.ServerTls#context}), or null for plain TCP */
    public GatewayConfig withTls(final SslContext tls)
    {
        return new GatewayConfig(gatewayId, host, httpPort, tcpPort, maxFrameBytes, idleTimeoutMs, controlQueueLimit,
            realtimeQueueLimit, standardQueueLimit, maxConnections, ioThreads, ioTransport, auth, tls);
    }

    public GatewayConfig withIoTransport(final IoTransport ioTransport)
    {
        return new GatewayConfig(gatewayId, host, httpPort, tcpPort, maxFrameBytes, idleTimeoutMs, controlQueueLimit,
            realtimeQueueLimit, standardQueueLimit, maxConnections, ioThreads, ioTransport, auth, tls);
    }
}
