package io.ringway.gateway.tcp;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.ringway.gateway.GatewayConfig;
import io.ringway.gateway.protocol.ClientCommandHandler;
import io.ringway.gateway.protocol.ClientFrameDecoder;
import io.ringway.gateway.session.FramesOut;
import io.ringway.gateway.session.SessionRegistry;

import java.util.concurrent.TimeUnit;

/**
 * Raw TCP pipeline: TLS when configured → idle timer → frame splitter → session handler.
 * <pre>
 *   bytes ─▶ [SslHandler] ─▶ IdleStateHandler ─▶ ClientFrameDecoder ─▶ TcpSessionHandler ─▶ ClientCommandHandler ─▶ engine
 * </pre>
 */
public final class TcpServerInitializer extends ChannelInitializer<SocketChannel>
{
    private final GatewayConfig config;
    private final SessionRegistry registry;
    private final ClientCommandHandler commands;

    public TcpServerInitializer(final GatewayConfig config, final SessionRegistry registry, final ClientCommandHandler commands)
    {
        this.config = config;
        this.registry = registry;
        this.commands = commands;
    }

    @Override
    protected void initChannel(final SocketChannel channel)
    {
        channel.pipeline()
            .addLast(FramesOut.NAME, FramesOut.INSTANCE) // session frames are written from here, straight to the socket
            .addLast("idle", new IdleStateHandler(config.idleTimeoutMs(), 0, 0, TimeUnit.MILLISECONDS))
            .addLast("frames", new ClientFrameDecoder(config.maxFrameBytes()))
            .addLast("session", new TcpSessionHandler(registry, commands));
        if (config.tls() != null)
        {
            channel.pipeline().addFirst("tls", config.tls().newHandler(channel.alloc())); // before FramesOut: every write is encrypted
        }
    }
}
