package io.ringway.gateway.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.ringway.codec.link.LinkControl;
import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import org.agrona.DirectBuffer;

/**
 * Cuts the TCP link's byte stream into link messages and hands each to {@link #onFrame} in place,
 * as an Agrona view of the bytes Netty read: no slice, no copy, no object per message. Every
 * message starts with its own header, whose first field is the message's length, header included
 * (i32 little-endian), so the link needs no framing of its own: the bytes on the wire are the
 * bytes on the in-process ring. Heartbeats end here ({@link LinkHeartbeat} writes them).
 *
 * <p>A subclass that cannot take a message now (the engine's ring is full) returns false: the
 * message and all after it stay in this reader's buffer, reading from the socket stops, and
 * {@link #resume} starts again from that message. TCP holds the sender back meanwhile.
 */
abstract class LinkFrameReader extends ChannelInboundHandlerAdapter
{
    /** Larger than any message a link writer takes (its ring's largest message), so a longer one is a broken peer. */
    static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private final FrameView view = new FrameView();
    private ByteBuf cumulation;
    private boolean paused;

    /**
     * One whole message, valid only during the call.
     * @return false to stop here: the message is offered again on {@link #resume}
     */
    protected abstract boolean onFrame(ChannelHandlerContext ctx, DirectBuffer frame, int length);

    /** The stream broke the framing (a length under a header, or over the limit): the link cannot go on. */
    protected abstract void onFramingError(ChannelHandlerContext ctx, String problem);

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        final ByteBuf in = (ByteBuf)msg;
        if (cumulation == null)
        {
            cumulation = in;
        }
        else
        {
            try
            {
                append(ctx, in);
            }
            finally
            {
                in.release();
            }
        }
        if (!paused)
        {
            readFrames(ctx);
        }
    }

    /** Offers the waiting messages again, after {@link #onFrame} returned false; reading resumes once they are taken. */
    protected final void resume(final ChannelHandlerContext ctx)
    {
        if (paused)
        {
            paused = false;
            readFrames(ctx);
            if (!paused)
            {
                ctx.channel().config().setAutoRead(true);
            }
        }
    }

    /** Drops whatever was read and not yet handed on (the link is closing). */
    protected final void discardUnread()
    {
        paused = true; // and stays so: nothing more is handed on
        release();
    }

    private void readFrames(final ChannelHandlerContext ctx)
    {
        while (cumulation != null && cumulation.readableBytes() >= 4)
        {
            final int start = cumulation.readerIndex();
            final int length = cumulation.getIntLE(start + LinkHeader.FRAME_LENGTH_OFFSET);
            if (length < LinkHeader.LENGTH || length > MAX_FRAME_BYTES)
            {
                final String problem = length < LinkHeader.LENGTH
                    ? "a frame of " + length + " bytes is shorter than the " + LinkHeader.LENGTH + "-byte link header"
                    : "a frame of " + length + " bytes is longer than a link carries (" + MAX_FRAME_BYTES + ")";
                discardUnread();
                onFramingError(ctx, problem);
                return;
            }
            if (cumulation.readableBytes() < length)
            {
                break;
            }
            final boolean heartbeat = length == LinkControl.HEARTBEAT_LENGTH
                && cumulation.getByte(start + LinkHeader.TYPE_OFFSET) == LinkType.LINK_HEARTBEAT;
            if (!heartbeat && !onFrame(ctx, view.wrap(cumulation, start, length), length))
            {
                paused = true;
                ctx.channel().config().setAutoRead(false);
                return;
            }
            if (cumulation == null)
            {
                return; // onFrame closed the link and discarded the rest
            }
            cumulation.skipBytes(length);
        }
        if (cumulation != null && !cumulation.isReadable())
        {
            release();
        }
    }

    private void append(final ChannelHandlerContext ctx, final ByteBuf in)
    {
        final int needed = in.readableBytes();
        if (cumulation.writableBytes() < needed || cumulation.refCnt() > 1 || cumulation.isReadOnly())
        {
            final ByteBuf grown = ctx.alloc().directBuffer(Math.max(cumulation.readableBytes() + needed, 2 * cumulation.capacity()));
            grown.writeBytes(cumulation);
            cumulation.release();
            cumulation = grown;
        }
        cumulation.writeBytes(in);
    }

    private void release()
    {
        if (cumulation != null)
        {
            cumulation.release();
            cumulation = null;
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        discardUnread();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(final ChannelHandlerContext ctx)
    {
        discardUnread();
    }
}
