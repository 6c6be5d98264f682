package io.ringway.gateway.link;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringway.gateway.io.IoTransport;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;

/**
 * Where gateways in other processes attach to this engine: a TCP listener, one link per gateway,
 * on an event loop thread of its own. See {@link RemoteGatewayHandler} for a link's life.
 */
public final class EngineLinkServer implements AutoCloseable
{
    /** Events buffered per remote gateway before the link is dropped as too slow: 32 MiB, so one event may be 4 MiB. */
    public static final int EVENT_RING_BYTES = 32 * 1024 * 1024;

    private final EventLoopGroup group;
    private final Channel listener;
    private final ChannelGroup links;
    private final Set<Integer> attached;

    private EngineLinkServer(final EventLoopGroup group, final Channel listener, final ChannelGroup links, final Set<Integer> attached)
    {
        this.group = group;
        this.listener = listener;
        this.links = links;
        this.attached = attached;
    }

    public static EngineLinkServer start(
        final String host, final int port, final IoTransport transport, final GatewayAttacher attacher, final LinkServerLog log)
    {
        return start(new LinkListener(host, port, null, null), transport, attacher, log);
    }

    /** @param settings where to listen, the secret every gateway's HELLO must carry, and TLS, if any */
    public static EngineLinkServer start(
        final LinkListener settings, final IoTransport transport, final GatewayAttacher attacher, final LinkServerLog log)
    {
        final String host = settings.host();
        final int port = settings.port();
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ringway-link"), transport.handlerFactory());
        final ChannelGroup links = new DefaultChannelGroup("ringway-links", group.next());
        final Set<Integer> attached = new ConcurrentSkipListSet<>();
        try
        {
            final ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true) // besides the link's heartbeat: the OS notices a dead peer too
                .childHandler(new EngineLinkServerInitializer(attacher, EVENT_RING_BYTES, log, links, attached, settings.secret(), settings.tls()))
                .bind(host, port)
                .awaitUninterruptibly();
            if (!bound.isSuccess())
            {
                throw new IllegalStateException("cannot listen for gateways on " + host + ":" + port + ": " + bound.cause().getMessage(),
                    bound.cause());
            }
            return new EngineLinkServer(group, bound.channel(), links, attached);
        }
        catch (final RuntimeException ex)
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw ex;
        }
    }

    /** The ids of the gateways attached through this server now, ascending (for {@code /health}). */
    public int[] attachedGateways()
    {
        return attached.stream().mapToInt(Integer::intValue).toArray();
    }

    public InetSocketAddress address()
    {
        return (InetSocketAddress)listener.localAddress();
    }

    /** Closes the listener and every gateway's link (each gateway then stops: it cannot serve without its engine). */
    @Override
    public void close()
    {
        listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        links.close().awaitUninterruptibly(5, TimeUnit.SECONDS); // each link's close resets its gateway on the engine
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
