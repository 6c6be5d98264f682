package io.ringway.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class WebSocketTextFramesTest
{
    private static byte[] payload(final int length)
    {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte)'x');
        return bytes;
    }

    @Test
    void shouldWriteTheSevenBitLengthHeaderWhenThePayloadIsShort()
    {
        final ByteBuf frame = WebSocketTextFrames.frame(UnpooledByteBufAllocator.DEFAULT, "{}".getBytes(StandardCharsets.UTF_8), 0, 2);
        try
        {
            assertEquals("81027b7d", io.netty.buffer.ByteBufUtil.hexDump(frame));
        }
        finally
        {
            frame.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 70000})
    void shouldDecodeAsOneTextFrameWithTheSamePayloadWhenReadByNettysOwnDecoder(final int length)
    {
        // The client side of the wire: Netty's RFC 6455 decoder, accepting unmasked frames as a client does.
        final EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20, true));
        final byte[] bytes = payload(length);
        final ByteBuf frame = WebSocketTextFrames.frame(UnpooledByteBufAllocator.DEFAULT, bytes, 0, length);
        assertEquals(WebSocketTextFrames.headerLength(length) + length, frame.readableBytes());
        assertEquals(new String(bytes, StandardCharsets.US_ASCII), WebSocketTextFrames.payloadText(frame));

        client.writeInbound(frame);
        final TextWebSocketFrame text = assertInstanceOf(TextWebSocketFrame.class, client.readInbound());
        try
        {
            assertEquals(true, text.isFinalFragment());
            assertEquals(new String(bytes, StandardCharsets.US_ASCII), text.text());
        }
        finally
        {
            text.release();
            client.finishAndReleaseAll();
        }
    }
}
