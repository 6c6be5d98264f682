package io.ringway.gateway.link;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;

import java.util.Set;

/**
 * The engine's end of a gateway link: TLS when configured, heartbeats, then one {@link RemoteGatewayHandler}.
 * <pre>
 *   [SslHandler] ─▶ IdleStateHandler ─▶ LinkHeartbeat ─▶ RemoteGatewayHandler
 * </pre>
 */
final class EngineLinkServerInitializer extends ChannelInitializer<SocketChannel>
{
    private final GatewayAttacher attacher;
    private final int eventRingBytes;
    private final LinkServerLog log;
    private final ChannelGroup links;
    private final Set<Integer> attached;
    private final byte[] secret;
    private final SslContext tls;

    EngineLinkServerInitializer(
        final GatewayAttacher attacher, final int eventRingBytes, final LinkServerLog log, final ChannelGroup links,
        final Set<Integer> attached, final byte[] secret, final SslContext tls)
    {
        this.secret = secret;
        this.tls = tls;
        this.links = links;
        this.attached = attached;
        this.attacher = attacher;
        this.eventRingBytes = eventRingBytes;
        this.log = log;
    }

    @Override
    protected void initChannel(final SocketChannel channel)
    {
        links.add(channel); // so that closing the server closes every link (a group leaves a closed channel by itself)
        if (tls != null)
        {
            channel.pipeline().addLast("link-tls", tls.newHandler(channel.alloc())); // a failed handshake: RemoteGatewayHandler logs it
        }
        channel.pipeline()
            .addLast("link-idle", LinkHeartbeat.idleState())
            .addLast("link-heartbeat", new LinkHeartbeat(0, "the gateway"))
            .addLast("remote-gateway", new RemoteGatewayHandler(attacher, eventRingBytes, log, attached, secret));
    }
}
