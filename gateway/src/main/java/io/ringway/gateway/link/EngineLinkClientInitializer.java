package io.ringway.gateway.link;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.ringway.engine.link.EngineEventListener;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The gateway's end of its engine link: TLS when configured, heartbeats, then one {@link EngineLinkClientHandler}.
 * <pre>
 *   [SslHandler] ─▶ IdleStateHandler ─▶ LinkHeartbeat ─▶ EngineLinkClientHandler
 * </pre>
 */
final class EngineLinkClientInitializer extends ChannelInitializer<SocketChannel>
{
    private final int gatewayId;
    private final EngineEventListener listener;
    private final CompletableFuture<Void> welcomed;
    private final CompletableFuture<String> closed;
    private final Supplier<LinkWriter> commands;
    private final SslContext tls;
    private final String host;
    private final int port;

    /** @param tls null for plain TCP; otherwise {@code host} is the name the engine's certificate must carry */
    EngineLinkClientInitializer(
        final int gatewayId, final EngineEventListener listener, final CompletableFuture<Void> welcomed, final CompletableFuture<String> closed,
        final Supplier<LinkWriter> commands, final SslContext tls, final String host, final int port)
    {
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.gatewayId = gatewayId;
        this.listener = listener;
        this.welcomed = welcomed;
        this.closed = closed;
        this.commands = commands;
    }

    @Override
    protected void initChannel(final SocketChannel channel)
    {
        if (tls != null)
        {
            channel.pipeline().addLast("link-tls", tls.newHandler(channel.alloc(), host, port));
        }
        channel.pipeline()
            .addLast("link-idle", LinkHeartbeat.idleState())
            .addLast("link-heartbeat", new LinkHeartbeat(gatewayId, "the engine"))
            .addLast("engine-link", new EngineLinkClientHandler(listener, welcomed, closed, commands));
    }
}
