package io.ringway.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ServerWebSocketFramesTest
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
        final ByteBuf frame = ServerWebSocketFrames.text(UnpooledByteBufAllocator.DEFAULT, "{}".getBytes(StandardCharsets.UTF_8), 0, 2);
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
        final ByteBuf frame = ServerWebSocketFrames.text(UnpooledByteBufAllocator.DEFAULT, bytes, 0, length);
        assertEquals(ServerWebSocketFrames.headerLength(length) + length, frame.readableBytes());
        assertEquals(new String(bytes, StandardCharsets.US_ASCII), ServerWebSocketFrames.payloadText(frame));

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

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 125, 126, 65535, 65536})
    void shouldDecodeAsOneBinaryFrameWithTheSameBytesWhenReadByNettysOwnDecoder(final int length)
    {
        final EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20, true));
        final byte[] bytes = payload(length);
        final ByteBuf frame = ServerWebSocketFrames.binary(UnpooledByteBufAllocator.DEFAULT, bytes, 0, length);
        assertEquals(0x82, frame.getUnsignedByte(0));
        assertEquals(ServerWebSocketFrames.headerLength(length) + length, frame.readableBytes());

        client.writeInbound(frame);
        final BinaryWebSocketFrame binary = assertInstanceOf(BinaryWebSocketFrame.class, client.readInbound());
        try
        {
            assertEquals(true, binary.isFinalFragment());
            final byte[] received = new byte[binary.content().readableBytes()];
            binary.content().getBytes(binary.content().readerIndex(), received);
            assertArrayEquals(bytes, received);
        }
        finally
        {
            binary.release();
            client.finishAndReleaseAll();
        }
    }

    @Test
    void shouldLeaveTheSourceBufferAsItWasWhenFramingItsReadableBytes()
    {
        final ByteBuf source = io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {9, 1, 2, 3});
        source.readByte();
        final ByteBuf frame = ServerWebSocketFrames.binary(UnpooledByteBufAllocator.DEFAULT, source);
        try
        {
            assertEquals("8203010203", io.netty.buffer.ByteBufUtil.hexDump(frame));
            assertEquals(1, source.readerIndex());
            assertEquals(3, source.readableBytes());
        }
        finally
        {
            frame.release();
            source.release();
        }
    }
}
