package io.ringway.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Splits a TCP byte stream into whole client binary frames (one retained slice each), however
 * the reads fragment or coalesce them. A header that breaks the protocol raises a
 * {@link FrameViolationException} once; everything after it is discarded.
 */
public final class ClientFrameDecoder extends ByteToMessageDecoder
{
    private final int maxFrameBytes;
    private boolean failed;

    public ClientFrameDecoder(final int maxFrameBytes)
    {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> out)
    {
        if (failed)
        {
            in.skipBytes(in.readableBytes());
            return;
        }
        final int length;
        try
        {
            length = ClientFrames.check(in, in.readerIndex(), in.readableBytes(), maxFrameBytes);
        }
        catch (final FrameViolationException ex)
        {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw ex;
        }
        if (length != ClientFrames.NEED_MORE)
        {
            out.add(in.readRetainedSlice(length));
        }
    }
}
