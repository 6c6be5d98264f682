package io.ringway.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringway.engine.link.EngineEventListener;
import io.ringway.engine.link.EngineLink;
import io.ringway.gateway.auth.JwtVerifier;
import io.ringway.gateway.outbound.OutboundDispatcher;
import io.ringway.gateway.protocol.ClientCommandHandler;
import io.ringway.gateway.session.GatewaySession;
import io.ringway.gateway.session.SessionRegistry;
import io.ringway.gateway.tcp.TcpServerInitializer;
import io.ringway.gateway.ws.Health;
import io.ringway.gateway.ws.WebSocketServerInitializer;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Netty gateway: the HTTP/WebSocket and raw TCP listeners, the session registry, and the
 * link to the engine (commands out through {@link ClientCommandHandler}, events back in through
 * {@link OutboundDispatcher}). Holds no business state.
 */
public final class Gateway implements AutoCloseable
{
    /** Outbound bytes buffered in Netty per connection before it reports unwritable (DRAINING). */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final GatewayConfig config;
    private final SessionRegistry registry;
    private final OutboundDispatcher dispatcher;
    private final EngineLink link;
    private final ClientCommandHandler commands;
    private final EventLoopGroup group;
    private final List<Channel> listeners = new ArrayList<>();
    private final InetSocketAddress httpAddress;
    private final InetSocketAddress tcpAddress;
    private volatile boolean closed;

    /**
     * @param connector attaches this gateway's event listener to the engine and returns the command link
     * @param health    what {@code GET /health} answers
     */
    public Gateway(
        final GatewayConfig config, final Function<EngineEventListener, EngineLink> connector,
        final Function<Gateway, Supplier<Health>> health)
    {
        this(config, connector, health, 0L);
    }

    /** @param sessionGenerationBase where session ids start ({@link SessionRegistry}): random for a gateway that restarts alone */
    public Gateway(
        final GatewayConfig config, final Function<EngineEventListener, EngineLink> connector,
        final Function<Gateway, Supplier<Health>> health, final long sessionGenerationBase)
    {
        this.config = config;
        config.ioTransport().resolve(); // an unavailable transport fails here, before the engine link is attached
        this.registry = new SessionRegistry(config.maxConnections(), config.controlQueueLimit(), config.realtimeQueueLimit(),
            config.standardQueueLimit(), sessionGenerationBase);
        this.dispatcher = new OutboundDispatcher(registry, PooledByteBufAllocator.DEFAULT);
        this.link = connector.apply(dispatcher);
        // Tokens are checked against the gateway's wall clock, on the I/O threads; the engine never reads a clock.
        this.commands = new ClientCommandHandler(link,
            config.auth().isDevMode() ? null : new JwtVerifier(config.auth(), Clock.systemUTC()));
        if (!commands.resetGateway())
        {
            throw new IllegalStateException("the engine did not take this gateway's GATEWAY_RESET (its ring is full, or the link to it "
                + "was lost just after it welcomed this gateway)");
        }
        this.group = new MultiThreadIoEventLoopGroup(
            config.ioThreads(), new DefaultThreadFactory("ringway-io"), config.ioTransport().handlerFactory());
        try
        {
            httpAddress = bind(config.httpPort(), new WebSocketServerInitializer(config, registry, commands, health.apply(this)));
            tcpAddress = config.tcpPort() < 0 ? null : bind(config.tcpPort(), new TcpServerInitializer(config, registry, commands));
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    private InetSocketAddress bind(final int port, final ChannelInitializer<SocketChannel> initializer)
    {
        final ChannelFuture bound = new ServerBootstrap()
            .group(group)
            .channel(config.ioTransport().serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
            .childHandler(initializer)
            .bind(config.host(), port)
            .awaitUninterruptibly();
        if (!bound.isSuccess())
        {
            // syncUninterruptibly() would rethrow the checked BindException unwrapped, past every caller's catch
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + port + ": " + bound.cause().getMessage(), bound.cause());
        }
        final Channel channel = bound.channel();
        listeners.add(channel);
        return (InetSocketAddress)channel.localAddress();
    }

    public InetSocketAddress httpAddress()
    {
        return httpAddress;
    }

    /** Null when the TCP listener is disabled. */
    public InetSocketAddress tcpAddress()
    {
        return tcpAddress;
    }

    public int connections()
    {
        return registry.size();
    }

    /** Connections closed as slow consumers (an outbound queue overflowed), since start. */
    public long slowConsumerCloses()
    {
        return registry.slowConsumerCloses();
    }

    public OutboundDispatcher dispatcher()
    {
        return dispatcher;
    }

    public GatewayConfig config()
    {
        return config;
    }

    /**
     * Stops accepting, closes every connection (each tells the engine its session closed), and
     * stops the event loops. The engine is closed separately, after this, so it can drain.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final Channel listener : listeners)
        {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        final List<ChannelFuture> closing = new ArrayList<>();
        registry.forEach((GatewaySession session) -> closing.add(session.channel().close()));
        for (final ChannelFuture future : closing)
        {
            future.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
