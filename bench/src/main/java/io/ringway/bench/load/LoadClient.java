package io.ringway.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens load connections on a shared Netty event-loop group. Pipelines:
 * <pre>
 *   (wss:// and --tcp-tls: an SslHandler first)
 *   WebSocket: HttpClientCodec ─▶ HttpObjectAggregator ─▶ WebSocketClientProtocolHandler
 *              ─▶ WebSocketFrameAggregator ─▶ LoadClientHandler
 *   nats-ws:   HttpClientCodec ─▶ HttpObjectAggregator ─▶ WebSocketClientProtocolHandler
 *              ─▶ NatsClientHandler (a byte stream: no frame aggregator)
 *   raw TCP:   LengthFieldBasedFrameDecoder(max, 0, 4, -4, 0) ─▶ LoadClientHandler
 * </pre>
 * A connection may be bound to a local (source) address: one source address and one server
 * address give at most ~28k ephemeral ports, so many connections spread over 127.0.0.x.
 */
public final class LoadClient implements AutoCloseable
{
    static final int MAX_FRAME_BYTES = 1 << 20;
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final long HANDSHAKE_TIMEOUT_MS = 10_000;

    private final LoadTarget target;
    private final InboundListener listener;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    public LoadClient(final LoadTarget target, final int ioThreads, final InboundListener listener)
    {
        this.target = target;
        this.listener = listener;
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("lg-io", true), target.clientIo().handlerFactory());
        this.bootstrap = new Bootstrap()
            .group(group)
            .channel(target.clientIo().channelClass())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS);
    }

    /**
     * Connects {@code user}, binds its identity (client_id or HELLO) and joins the room of
     * {@code messages}. The future completes once the join is acknowledged.
     *
     * @param measured true when this connection's deliveries count in the results
     */
    public CompletableFuture<LoadConnection> connect(final String user, final LoadMessages messages, final boolean measured)
    {
        return connect(user, messages, measured, null);
    }

    /**
     * Same as {@link #connect(String, LoadMessages, boolean)}, from the local address
     * {@code source} (any free port), or from any address when it is null.
     */
    public CompletableFuture<LoadConnection> connect(
        final String user, final LoadMessages messages, final boolean measured, final InetAddress source)
    {
        return open(user, messages, measured, source).joined();
    }

    /**
     * Starts connecting and returns the connection at once, so the caller can close it whatever
     * happens; {@link LoadConnection#joined()} completes as for {@link #connect}.
     */
    public LoadConnection open(final String user, final LoadMessages messages, final boolean measured, final InetAddress source)
    {
        return open(user, messages, measured, source, target);
    }

    /**
     * Same as {@link #open(String, LoadMessages, boolean, InetAddress)}, to {@code endpoint}: another endpoint of the same
     * system over the same transport, such as a linked gateway of the engine behind this client's target.
     */
    public LoadConnection open(
        final String user, final LoadMessages messages, final boolean measured, final InetAddress source, final LoadTarget endpoint)
    {
        if (endpoint.transport() != target.transport())
        {
            throw new IllegalArgumentException("endpoint " + endpoint + " is " + endpoint.transport() + ", this client " + target.transport());
        }
        final Transport transport = target.transport();
        final LoadConnection connection = new LoadConnection(user, transport, measured, messages, listener);
        final Bootstrap b = bootstrap.clone();
        if (source != null)
        {
            b.localAddress(new InetSocketAddress(source, 0));
        }
        final ChannelFuture connect = b
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel channel)
                {
                    connection.channel(channel);
                    if (endpoint.secure())
                    {
                        if (endpoint.tls() == null)
                        {
                            throw new IllegalStateException(endpoint + " needs TLS and no client TLS context was given");
                        }
                        // the server's certificate must name the host the URL wrote (localhost stays localhost)
                        channel.pipeline().addLast("tls", endpoint.tls().newHandler(channel.alloc(), endpoint.tlsName(), endpoint.port()));
                    }
                    if (transport.webSocket())
                    {
                        final WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                            .webSocketUri(endpoint.webSocketUri(user))
                            .version(WebSocketVersion.V13)
                            .maxFramePayloadLength(MAX_FRAME_BYTES)
                            .handleCloseFrames(false) // LoadClientHandler records the close reason
                            .dropPongFrames(true)
                            .withUTF8Validator(false)
                            .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS)
                            .build();
                        channel.pipeline()
                            .addLast("http", new HttpClientCodec())
                            .addLast("http-aggregator", new HttpObjectAggregator(64 * 1024));
                        // frames are read in place (ServerFrameReader), for every system alike
                        final ChannelHandler load = transport.nats()
                            ? new NatsClientHandler(connection) : new LoadClientHandler(connection, transport);
                        channel.pipeline()
                            .addLast("websocket", new WebSocketClientProtocolHandler(
                                inPlaceHandshaker(config, (ServerFrameReader.Listener)load), config))
                            .addLast("load", load);
                    }
                    else
                    {
                        channel.pipeline()
                            .addLast("frames", new LengthFieldBasedFrameDecoder(MAX_FRAME_BYTES, 0, 4, -4, 0))
                            .addLast("load", new LoadClientHandler(connection, transport));
                    }
                }
            })
            .connect(endpoint.address());
        connect.addListener(future ->
        {
            if (!future.isSuccess())
            {
                connection.failJoin(unreachable(endpoint, future.cause()));
            }
        });
        return connection;
    }

    /** A handshaker whose frame decoder is {@link ServerFrameReader}, handing each message to {@code listener}. */
    private static WebSocketClientHandshaker inPlaceHandshaker(
        final WebSocketClientProtocolConfig config, final ServerFrameReader.Listener listener)
    {
        return new WebSocketClientHandshaker13(config.webSocketUri(), config.version(), config.subprotocol(),
            config.allowExtensions(), config.customHeaders(), config.maxFramePayloadLength(),
            config.performMasking(), config.allowMaskMismatch(), config.forceCloseTimeoutMillis())
        {
            @Override
            protected WebSocketFrameDecoder newWebsocketDecoder()
            {
                return new ServerFrameReader(listener, config.maxFramePayloadLength());
            }
        };
    }

    private static ServerUnreachableException unreachable(final LoadTarget endpoint, final Throwable cause)
    {
        final String why = cause instanceof ConnectException ? cause.getMessage() : String.valueOf(cause);
        return new ServerUnreachableException("cannot connect to " + endpoint.describe() + " (" + endpoint.transport() + "): " + why, cause);
    }

    /** Closes every channel of the group and stops its threads (bounded wait). */
    @Override
    public void close()
    {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Closes one connection as the generator's own decision and waits up to {@code timeoutMs}. */
    public static void closeQuietly(final LoadConnection connection, final long timeoutMs)
    {
        final ChannelFuture close = connection.close();
        if (close != null)
        {
            close.awaitUninterruptibly(timeoutMs);
        }
    }

    static boolean isOpen(final LoadConnection connection)
    {
        final Channel channel = connection.channel();
        return channel != null && channel.isActive();
    }
}
