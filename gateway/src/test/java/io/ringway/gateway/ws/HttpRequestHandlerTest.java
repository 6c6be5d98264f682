package io.ringway.gateway.ws;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.ringway.gateway.NettyLeakDetectionExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NettyLeakDetectionExtension.class)
class HttpRequestHandlerTest
{
    private static final String HEALTH = "{\"status\":\"up\",\"digest\":\"00ff\"}";

    private boolean up = true;
    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestHandler(() -> new Health(up, HEALTH)));

    @AfterEach
    void tearDown()
    {
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldAnswerServiceUnavailableWithTheSameJsonWhenTheServerIsNotUp()
    {
        up = false;

        channel.writeInbound(request(HttpMethod.GET, "/health"));

        final FullHttpResponse response = assertInstanceOf(FullHttpResponse.class, channel.readOutbound());
        try
        {
            assertEquals(HttpResponseStatus.SERVICE_UNAVAILABLE, response.status());
            assertEquals(HEALTH, response.content().toString(StandardCharsets.UTF_8));
        }
        finally
        {
            response.release();
        }
    }

    @Test
    void shouldAnswerHealthJsonAndKeepConnectionWhenGetHealth()
    {
        final FullHttpRequest request = request(HttpMethod.GET, "/health?verbose=1");

        channel.writeInbound(request);

        final FullHttpResponse response = assertInstanceOf(FullHttpResponse.class, channel.readOutbound());
        try
        {
            assertEquals(HttpResponseStatus.OK, response.status());
            assertEquals(HEALTH, response.content().toString(StandardCharsets.UTF_8));
            assertEquals(HttpHeaderValues.APPLICATION_JSON.toString(), response.headers().get(HttpHeaderNames.CONTENT_TYPE));
            assertEquals(HEALTH.length(), response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH));
            assertEquals(HttpHeaderValues.KEEP_ALIVE.toString(), response.headers().get(HttpHeaderNames.CONNECTION));
        }
        finally
        {
            response.release();
        }
        assertTrue(channel.isOpen());
        assertEquals(0, request.refCnt());
    }

    @Test
    void shouldCloseAfterAnsweringWhenRequestAsksToClose()
    {
        final FullHttpRequest request = request(HttpMethod.GET, "/health");
        request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);

        channel.writeInbound(request);

        final FullHttpResponse response = assertInstanceOf(FullHttpResponse.class, channel.readOutbound());
        assertEquals(HttpResponseStatus.OK, response.status());
        response.release();
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldAnswerMethodNotAllowedWhenHealthIsPosted()
    {
        channel.writeInbound(request(HttpMethod.POST, "/health"));

        final FullHttpResponse response = assertInstanceOf(FullHttpResponse.class, channel.readOutbound());
        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, response.status());
        response.release();
    }

    @Test
    void shouldAnswerNotFoundListingEndpointsForAnyOtherPath()
    {
        channel.writeInbound(request(HttpMethod.GET, "/nope"));

        final FullHttpResponse response = assertInstanceOf(FullHttpResponse.class, channel.readOutbound());
        try
        {
            assertEquals(HttpResponseStatus.NOT_FOUND, response.status());
            assertEquals("{\"error\":\"not found\",\"endpoints\":[\"/ws\",\"/health\"]}", response.content().toString(StandardCharsets.UTF_8));
        }
        finally
        {
            response.release();
        }
    }

    private static FullHttpRequest request(final HttpMethod method, final String uri)
    {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    }
}
