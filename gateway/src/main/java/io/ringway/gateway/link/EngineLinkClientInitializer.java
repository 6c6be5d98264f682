package io.ringway.gateway.link;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.ringway.engine.link.EngineEventListener;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The gateway's end of its engine link: heartbeats, then one {@link EngineLinkClientHandler}. */
final class EngineLinkClientInitializer extends ChannelInitializer<SocketChannel>
{
    private final int gatewayId;
    private final EngineEventListener listener;
    private final CompletableFuture<Void> welcomed;
    private final CompletableFuture<String> closed;
    private final Supplier<LinkWriter> commands;

    EngineLinkClientInitializer(
        final int gatewayId, final EngineEventListener listener, final CompletableFuture<Void> welcomed, final CompletableFuture<String> closed,
        final Supplier<LinkWriter> commands)
    {
        this.gatewayId = gatewayId;
        this.listener = listener;
        this.welcomed = welcomed;
        this.closed = closed;
        this.commands = commands;
    }

    @Override
    protected void initChannel(final SocketChannel channel)
    {
        channel.pipeline()
            .addLast("link-idle", LinkHeartbeat.idleState())
            .addLast("link-heartbeat", new LinkHeartbeat(gatewayId, "the engine"))
            .addLast("engine-link", new EngineLinkClientHandler(listener, welcomed, closed, commands));
    }
}
