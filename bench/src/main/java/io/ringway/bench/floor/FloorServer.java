package io.ringway.bench.floor;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringway.bench.load.BenchIo;
import io.ringway.bench.load.LoadException;
import io.ringway.bench.load.LoadTarget;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The floor server: the least a WebSocket server can do and still serve the load generator's
 * {@code rtt} and {@code fanout} scenarios over {@code ws-json}. Netty (epoll where it loads, else
 * NIO), one group of I/O threads that also accepts, and per connection:
 * <pre>
 *   HttpServerCodec ─▶ HttpObjectAggregator ─▶ WebSocketServerProtocolHandler("/ws…")
 *     ─▶ WebSocketFrameAggregator ─▶ FloorSession
 * </pre>
 * Everything happens on the connection's I/O thread: no engine, no journal, no queues, no history;
 * the only state is the set of joined channels of each room ({@link FloorRooms}). Its latency is a
 * floor for any server measured by this load generator on this machine. It is a measuring stick,
 * not a product: only {@code join} and {@code publish} are understood (see {@link FloorSession}).
 * <p>
 * Only listens on 127.0.0.x.
 */
public final class FloorServer implements AutoCloseable
{
    public static final String PATH = "/ws";
    /** The load generator's own frame limit. */
    static final int MAX_FRAME_BYTES = 1 << 20;
    static final int MAX_HTTP_REQUEST_BYTES = 16 * 1024;
    /**
     * A member whose unwritten output passes the high mark is closed as a slow consumer
     * (FloorSession): generous, so a briefly starved client on a busy machine is not dropped.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);
    private static final long CLOSE_TIMEOUT_S = 5;

    private final String host;
    private final int port;
    private final int ioThreads;
    private final BenchIo io;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final FloorRooms rooms;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private FloorServer(
        final String host, final int port, final int ioThreads, final BenchIo io, final EventLoopGroup group,
        final Channel serverChannel, final FloorRooms rooms)
    {
        this.host = host;
        this.port = port;
        this.ioThreads = ioThreads;
        this.io = io;
        this.group = group;
        this.serverChannel = serverChannel;
        this.rooms = rooms;
    }

    /**
     * Binds and starts serving.
     *
     * @param host      127.0.0.1 .. 127.0.0.254 or localhost; anything else is refused
     * @param port      0 for any free port (see {@link #port()})
     * @param ioThreads event loops, at least 1
     * @throws IllegalArgumentException for a host that is not 127.0.0.x, or a bad count
     * @throws LoadException            when the port cannot be bound
     */
    public static FloorServer start(final String host, final int port, final int ioThreads)
    {
        final String address = loopback(host);
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("--port must be 0 to 65535: " + port);
        }
        if (ioThreads < 1)
        {
            throw new IllegalArgumentException("--io-threads must be at least 1: " + ioThreads);
        }
        final BenchIo io = BenchIo.AUTO.resolve(); // epoll where it loads, as the load generator
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("floor-io", true),
            io.handlerFactory());
        final FloorRooms rooms = new FloorRooms();
        final Class<? extends ServerChannel> channelClass = io.serverChannelClass();
        try
        {
            final Channel serverChannel = new ServerBootstrap()
                .group(group)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel channel)
                    {
                        channel.pipeline()
                            .addLast("http", new HttpServerCodec())
                            .addLast("http-aggregator", new HttpObjectAggregator(MAX_HTTP_REQUEST_BYTES))
                            .addLast("websocket", new WebSocketServerProtocolHandler(webSocketConfig()))
                            // a client may split a long message into fragments (the JDK's does); whole frames pass straight through
                            .addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_FRAME_BYTES))
                            .addLast("floor", new FloorSession(rooms));
                    }
                })
                .bind(new InetSocketAddress(address, port))
                .syncUninterruptibly()
                .channel();
            final int boundPort = ((InetSocketAddress)serverChannel.localAddress()).getPort();
            return new FloorServer(address, boundPort, ioThreads, io, group, serverChannel, rooms);
        }
        catch (final Exception ex) // a failed bind surfaces as a (checked) native IOException
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
            throw new LoadException("floor-server: cannot listen on " + address + ":" + port + ": " + ex.getMessage(), ex);
        }
    }

    /** The literal 127.0.0.x address for {@code host} (localhost is 127.0.0.1); refuses any other. */
    private static String loopback(final String host)
    {
        try
        {
            return LoadTarget.requireLoopback(host);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("floor-server: --host must be 127.0.0.1 .. 127.0.0.254 (this machine only), not '" + host + "'");
        }
    }

    private static WebSocketServerProtocolConfig webSocketConfig()
    {
        return WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(PATH)
            .checkStartsWith(true) // /ws?client_id=alice
            .decoderConfig(WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(MAX_FRAME_BYTES)
                .closeOnProtocolViolation(true)
                .build())
            .handleCloseFrames(true)
            .dropPongFrames(true)
            .build();
    }

    /** The port it listens on (the one bound, when started with 0). */
    public int port()
    {
        return port;
    }

    /** {@code ws://HOST:PORT/ws}: the load generator's {@code --url}. */
    public String url()
    {
        return "ws://" + host + ":" + port + PATH;
    }

    /** {@code epoll} or {@code nio}. */
    public String transport()
    {
        return io.label();
    }

    public int ioThreads()
    {
        return ioThreads;
    }

    public boolean isOpen()
    {
        return !closing.get();
    }

    /** Rooms that have members now. */
    int roomCount()
    {
        return rooms.size();
    }

    /** Waits until {@link #close()} has finished; true if it did within the timeout. */
    public boolean awaitClosed(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return closed.await(timeout, unit);
    }

    /** Stops listening, closes every connection and stops the I/O threads (bounded waits); idempotent. */
    @Override
    public void close()
    {
        if (!closing.compareAndSet(false, true))
        {
            // closing elsewhere (the SIGTERM hook, or the --max-s bound): wait for it, bounded
            try
            {
                closed.await(2 * CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try
        {
            serverChannel.close().awaitUninterruptibly(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
        }
        finally
        {
            closed.countDown();
        }
    }
}
