package io.ringway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.ReferenceCountUtil;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Builds client binary frames and reads server ones, for gateway unit tests. */
public final class TestFrames
{
    public static final int HEADER = 7;

    private TestFrames()
    {
    }

    /** A whole frame: {@code length u32 BE | version | type | flags | payload}. */
    public static byte[] frame(final int version, final int type, final int flags, final byte[] payload)
    {
        return ByteBuffer.allocate(HEADER + payload.length)
            .putInt(HEADER + payload.length)
            .put((byte)version).put((byte)type).put((byte)flags)
            .put(payload)
            .array();
    }

    /** A version 1 frame with a JSON payload (flags 0x01). */
    public static byte[] jsonFrame(final int type, final String json)
    {
        return frame(1, type, 0x01, json.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] concat(final byte[]... parts)
    {
        int length = 0;
        for (final byte[] part : parts)
        {
            length += part.length;
        }
        final ByteBuffer out = ByteBuffer.allocate(length);
        for (final byte[] part : parts)
        {
            out.put(part);
        }
        return out.array();
    }

    /** A leak-tracked direct buffer holding {@code bytes}. */
    public static ByteBuf buf(final byte[] bytes)
    {
        return ByteBufAllocator.DEFAULT.directBuffer(Math.max(1, bytes.length)).writeBytes(bytes);
    }

    public static ByteBuf buf(final String utf8)
    {
        return buf(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** The readable bytes, and releases the buffer. */
    public static byte[] bytesAndRelease(final ByteBuf buf)
    {
        try
        {
            return ByteBufUtil.getBytes(buf);
        }
        finally
        {
            ReferenceCountUtil.release(buf);
        }
    }

    public static String utf8AndRelease(final ByteBuf buf)
    {
        return new String(bytesAndRelease(buf), StandardCharsets.UTF_8);
    }

    /**
     * What a JSON session's channel was given: a whole WebSocket text frame in a ByteBuf, encoded
     * once by the gateway. Checks the header (FIN, text opcode, unmasked, exact length), releases
     * it and returns the payload.
     */
    public static String wsTextAndRelease(final Object written)
    {
        if (!(written instanceof ByteBuf frame))
        {
            ReferenceCountUtil.release(written);
            throw new AssertionError("a JSON session gets whole text frames as ByteBufs, got " + written);
        }
        try
        {
            assertEquals(0x81, frame.getUnsignedByte(frame.readerIndex()), "FIN + text opcode, no RSV bits");
            final int lengthByte = frame.getUnsignedByte(frame.readerIndex() + 1);
            assertEquals(0, lengthByte & 0x80, "server frames are not masked");
            final int payload = frame.readableBytes() - (lengthByte < 126 ? 2 : lengthByte == 126 ? 4 : 10);
            assertEquals(io.ringway.gateway.ws.ServerWebSocketFrames.headerLength(payload) + payload, frame.readableBytes(),
                "the length in the header matches the frame");
            return io.ringway.gateway.ws.ServerWebSocketFrames.payloadText(frame);
        }
        finally
        {
            frame.release();
        }
    }

    /**
     * What a binary WebSocket session's channel was given: a whole WebSocket binary frame in a
     * ByteBuf, encoded once by the gateway. Checks the header (FIN, binary opcode, unmasked, exact
     * length), releases it and returns the payload: one client binary frame (PROTOCOL.md section 2).
     */
    public static byte[] wsBinaryAndRelease(final Object written)
    {
        if (!(written instanceof ByteBuf frame))
        {
            ReferenceCountUtil.release(written);
            throw new AssertionError("a binary WebSocket session gets whole binary frames as ByteBufs, got " + written);
        }
        try
        {
            assertEquals(0x82, frame.getUnsignedByte(frame.readerIndex()), "FIN + binary opcode, no RSV bits");
            assertEquals(0, frame.getUnsignedByte(frame.readerIndex() + 1) & 0x80, "server frames are not masked");
            final int header = io.ringway.gateway.ws.ServerWebSocketFrames.headerLengthOf(frame);
            final int payload = frame.readableBytes() - header;
            assertEquals(io.ringway.gateway.ws.ServerWebSocketFrames.headerLength(payload), header, "the length in the header matches the frame");
            final byte[] bytes = new byte[payload];
            frame.getBytes(frame.readerIndex() + header, bytes);
            return bytes;
        }
        finally
        {
            frame.release();
        }
    }

    /** Checks a server frame's header (version 1, {@code type}, {@code flags}, length) and returns its payload as UTF-8. */
    public static String payloadOf(final byte[] frame, final int type, final int flags)
    {
        final ByteBuffer in = ByteBuffer.wrap(frame);
        assertEquals(frame.length, in.getInt(), "frame length field");
        assertEquals(1, in.get(), "version");
        assertEquals(type, in.get() & 0xFF, "frame type");
        assertEquals(flags, in.get() & 0xFF, "flags");
        return new String(frame, HEADER, frame.length - HEADER, StandardCharsets.UTF_8);
    }
}
