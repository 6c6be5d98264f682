package io.ringway.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Plain HTTP requests that are not WebSocket upgrades: {@code GET /health} (200, or 503 when not up); 404 for anything else. */
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    private final Supplier<Health> health;

    HttpRequestHandler(final Supplier<Health> health)
    {
        this.health = health;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final String path = new QueryStringDecoder(request.uri()).path();
        if ("/health".equals(path))
        {
            if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD)
            {
                respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "{\"error\":\"use GET\"}");
                return;
            }
            final Health now = health.get();
            respond(ctx, request, now.up() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, now.json());
            return;
        }
        respond(ctx, request, HttpResponseStatus.NOT_FOUND, "{\"error\":\"not found\",\"endpoints\":[\"/ws\",\"/health\"]}");
    }

    private static void respond(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final HttpResponseStatus status, final String json)
    {
        final ByteBuf body = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (keepAlive)
        {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        }
        else
        {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
