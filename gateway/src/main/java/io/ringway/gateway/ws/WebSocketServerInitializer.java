package io.ringway.gateway.ws;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.ringway.gateway.GatewayConfig;
import io.ringway.gateway.protocol.ClientCommandHandler;
import io.ringway.gateway.session.FramesOut;
import io.ringway.gateway.session.SessionRegistry;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * HTTP + WebSocket pipeline on one port (wss:// and https:// with {@code --tls-cert-file}: an SslHandler first):
 * <pre>
 *   bytes ─▶ [SslHandler] ─▶ IdleStateHandler ─▶ FramesOut         (session frames, encoded once by the dispatcher, are written from here)
 *         ─▶ HttpServerCodec ─▶ HttpObjectAggregator
 *         ─▶ WebSocketServerProtocolHandler  (upgrades /ws, answers ping/close, 1009 on an oversized frame)
 *         ─▶ HttpRequestHandler              (GET /health, 404 for the rest)
 *         ─▶ WebSocketFrameAggregator        (joins continuation frames, bounded by the same limit)
 *         ─▶ WebSocketSessionHandler ─▶ ClientCommandHandler ─▶ engine
 * </pre>
 */
public final class WebSocketServerInitializer extends ChannelInitializer<SocketChannel>
{
    public static final String WEBSOCKET_PATH = "/ws";
    private static final int MAX_HTTP_REQUEST_BYTES = 16 * 1024;

    private final GatewayConfig config;
    private final SessionRegistry registry;
    private final ClientCommandHandler commands;
    private final Supplier<Health> health;

    public WebSocketServerInitializer(
        final GatewayConfig config, final SessionRegistry registry, final ClientCommandHandler commands,
        final Supplier<Health> health)
    {
        this.config = config;
        this.registry = registry;
        this.commands = commands;
        this.health = health;
    }

    @Override
    protected void initChannel(final SocketChannel channel)
    {
        final WebSocketServerProtocolConfig wsConfig = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(WEBSOCKET_PATH)
            .checkStartsWith(true) // /ws?client_id=alice
            .maxFramePayloadLength(config.maxFrameBytes())
            .decoderConfig(WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(config.maxFrameBytes())
                .closeOnProtocolViolation(true)
                .build())
            .handleCloseFrames(true)
            .dropPongFrames(true)
            .build();
        channel.pipeline()
            // Session frames are written from here, already whole frames, straight to the socket: the
            // idle handler below watches reads only, and passing it was 8 % of the I/O threads' samples.
            .addLast(FramesOut.NAME, FramesOut.INSTANCE)
            // Reader idle at half the timeout: the first time we ping, the second time (still nothing, not even a pong) we close.
            .addLast("idle", new IdleStateHandler(config.idleTimeoutMs() / 2, 0, 0, TimeUnit.MILLISECONDS))
            .addLast("http", new HttpServerCodec())
            .addLast("http-aggregator", new HttpObjectAggregator(MAX_HTTP_REQUEST_BYTES))
            .addLast("websocket", new WebSocketServerProtocolHandler(wsConfig))
            .addLast("http-requests", new HttpRequestHandler(health))
            .addLast("ws-aggregator", new WebSocketFrameAggregator(config.maxFrameBytes()))
            .addLast("session", new WebSocketSessionHandler(registry, commands, config.maxFrameBytes()));
        if (config.tls() != null)
        {
            // First of all: every write, FramesOut's shared frames included, passes it on its way to the socket.
            channel.pipeline().addFirst("tls", config.tls().newHandler(channel.alloc()));
        }
    }
}
