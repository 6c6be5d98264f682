package io.ringway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerFrameReaderTest
{
    private static final int LIMIT = 70_000;

    private final List<String> messages = new ArrayList<>();
    private final List<String> closes = new ArrayList<>();
    /** As in the load client: the frame encoder sits behind the reader, toward the application. */
    private final EmbeddedChannel channel = new EmbeddedChannel(new ServerFrameReader(new ServerFrameReader.Listener()
    {
        @Override
        public void onMessage(final ChannelHandlerContext ctx, final boolean text, final ByteBuf buf, final int from, final int to, final long readNs)
        {
            messages.add((text ? "text:" : "binary:") + buf.toString(from, to - from, StandardCharsets.UTF_8));
        }

        @Override
        public void onClose(final ChannelHandlerContext ctx, final int statusCode, final String reason)
        {
            closes.add(statusCode + " " + reason);
        }
    }, LIMIT), new WebSocket13FrameEncoder(true));

    @AfterEach
    void finish()
    {
        channel.finishAndReleaseAll();
    }

    /** An unmasked server frame, RFC 6455 §5.2: FIN and opcode, then the 7-bit, 16-bit or 64-bit length. */
    private static byte[] frame(final boolean fin, final int opcode, final byte[] payload)
    {
        final ByteBuf out = Unpooled.buffer();
        out.writeByte((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126)
        {
            out.writeByte(payload.length);
        }
        else if (payload.length <= 0xFFFF)
        {
            out.writeByte(126).writeShort(payload.length);
        }
        else
        {
            out.writeByte(127).writeLong(payload.length);
        }
        out.writeBytes(payload);
        final byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(final byte[]... parts)
    {
        final ByteBuf all = Unpooled.buffer();
        for (final byte[] part : parts)
        {
            all.writeBytes(part);
        }
        return Arrays.copyOf(all.array(), all.writerIndex());
    }

    private void read(final byte[] bytes)
    {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    @Test
    void shouldHandOverEveryWholeMessageWhenSeveralArriveInOneRead()
    {
        read(concat(frame(true, 0x1, ascii("{\"type\":\"ack\"}")), frame(true, 0x2, ascii("bin")), frame(true, 0x1, new byte[0])));

        assertEquals(List.of("text:{\"type\":\"ack\"}", "binary:bin", "text:"), messages);
    }

    @Test
    void shouldWaitForTheRestWhenAFrameIsSplitAcrossReads()
    {
        final byte[] whole = frame(true, 0x1, ascii("x".repeat(300))); // a 16-bit length
        for (int i = 0; i < whole.length; i += 7)
        {
            assertTrue(messages.isEmpty(), "nothing before the last byte");
            read(Arrays.copyOfRange(whole, i, Math.min(whole.length, i + 7)));
        }

        assertEquals(List.of("text:" + "x".repeat(300)), messages);
    }

    @Test
    void shouldReadA64BitLengthWhenTheMessageIsOver65535Bytes()
    {
        read(frame(true, 0x2, ascii("y".repeat(66_000))));

        assertEquals(1, messages.size());
        assertEquals(7 + 66_000, messages.get(0).length());
    }

    @Test
    void shouldPutFragmentsTogetherWithPingsBetweenThem()
    {
        read(concat(frame(false, 0x1, ascii("hel")), frame(true, 0x9, ascii("p")), frame(false, 0x0, ascii("lo ")),
            frame(true, 0x0, ascii("world"))));

        assertEquals(List.of("text:hello world"), messages);
        final ByteBuf pong = assertInstanceOf(ByteBuf.class, channel.readOutbound(), "a pong encoded as a frame, not a frame object");
        assertEquals(0x8A, pong.getUnsignedByte(0), "FIN + pong");
        assertEquals(0x80 | 1, pong.getUnsignedByte(1), "masked, as a client must, 1 byte");
        pong.release();
    }

    @Test
    void shouldReportTheCloseStatusAndReasonAndIgnoreWhatFollowsWhenTheServerCloses()
    {
        read(concat(frame(true, 0xA, new byte[0]), frame(true, 0x8, concat(new byte[] {0x03, (byte)0xF0}, ascii("slow_consumer"))),
            frame(true, 0x1, ascii("after the close"))));
        read(frame(true, 0x1, ascii("later still")));

        assertEquals(List.of("1008 slow_consumer"), closes);
        assertTrue(messages.isEmpty(), "a pong is dropped, and nothing after the close frame counts");
    }

    @Test
    void shouldReportNoStatusWhenTheCloseFrameIsEmpty()
    {
        read(frame(true, 0x8, new byte[0]));

        assertEquals(List.of("1005 "), closes);
    }

    @Test
    void shouldFailTheConnectionWhenAFrameBreaksTheProtocol()
    {
        assertCorrupt(new byte[] {(byte)0x81, (byte)0x81, 1, 2, 3, 4, 'x'}, "masked");
        assertCorrupt(new byte[] {(byte)0xC1, 0x01, 'x'}, "reserved bits");
        assertCorrupt(new byte[] {(byte)0x83, 0x00}, "unknown opcode 3");
        assertCorrupt(frame(true, 0x0, ascii("x")), "continuation frame with no message");
        assertCorrupt(concat(frame(false, 0x1, ascii("a")), frame(true, 0x1, ascii("b"))), "before the fragmented one");
        assertCorrupt(concat(new byte[] {(byte)0x82, 127}, new byte[] {0, 0, 0, 0, 0, 2, 0, 0}), "over the limit");
        assertTrue(messages.isEmpty());
    }

    private static void assertCorrupt(final byte[] bytes, final String why)
    {
        final EmbeddedChannel fresh = new EmbeddedChannel(new ServerFrameReader(new ServerFrameReader.Listener()
        {
            @Override
            public void onMessage(final ChannelHandlerContext ctx, final boolean text, final ByteBuf buf, final int from, final int to, final long readNs)
            {
                throw new AssertionError("no message expected");
            }

            @Override
            public void onClose(final ChannelHandlerContext ctx, final int statusCode, final String reason)
            {
                throw new AssertionError("no close expected");
            }
        }, LIMIT));
        final DecoderException thrown = assertThrows(DecoderException.class, () -> fresh.writeInbound(Unpooled.wrappedBuffer(bytes)));
        final Throwable cause = thrown instanceof CorruptedWebSocketFrameException ? thrown : thrown.getCause();
        assertInstanceOf(CorruptedWebSocketFrameException.class, cause);
        assertTrue(cause.getMessage().contains(why), cause.getMessage());
        assertFalse(fresh.finishAndReleaseAll());
    }
}
