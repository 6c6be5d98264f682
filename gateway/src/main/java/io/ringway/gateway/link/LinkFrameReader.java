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
    private int maxFrameBytes;
    private ByteBuf cumulation;
    private boolean paused;
    private boolean closed;

    /** @param maxFrameBytes the longest message this end takes: a longer length is a framing error before it is buffered */
    protected LinkFrameReader(final int maxFrameBytes)
    {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** From the next message on, the longest this end takes (the engine takes a HELLO-sized first message only). */
    protected final void maxFrameBytes(final int maxFrameBytes)
    {
        this.maxFrameBytes = maxFrameBytes;
    }

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
        if (closed)
        {
            in.release(); // the link is closing: nothing more is handed on
            return;
        }
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
        if (!paused || closed)
        {
            return;
        }
        paused = false;
        try
        {
            readFrames(ctx);
        }
        catch (final Throwable ex) // an Error too (out of memory copying a command): reading is off, so nothing else would end the link
        {
            // Run from a scheduled task, outside the pipeline's own reads: to this handler, which closes the link, not to
            // the next one (there is none: the pipeline's tail would only log it, and the link would sit paused for good).
            try
            {
                exceptionCaught(ctx, ex);
            }
            catch (final Exception failed)
            {
                ctx.close();
            }
            return;
        }
        if (!paused && !closed)
        {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Drops whatever was read and not yet handed on, for good: the link is closing. */
    protected final void discardUnread()
    {
        closed = true;
        release();
    }

    private void readFrames(final ChannelHandlerContext ctx)
    {
        while (!closed && cumulation != null && cumulation.readableBytes() >= 4 && ctx.channel().isActive())
        {
            final int start = cumulation.readerIndex();
            final int length = cumulation.getIntLE(start + LinkHeader.FRAME_LENGTH_OFFSET);
            if (length < LinkHeader.LENGTH || length > maxFrameBytes)
            {
                final String problem = length < LinkHeader.LENGTH
                    ? "a frame of " + length + " bytes is shorter than the " + LinkHeader.LENGTH + "-byte link header"
                    : "a frame of " + length + " bytes is longer than this end takes (" + maxFrameBytes + ")";
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
            if (closed || cumulation == null)
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
        final int readable = cumulation.readableBytes();
        if (cumulation.refCnt() > 1 || cumulation.isReadOnly())
        {
            // Not ours to write into (a buffer Netty shares): copy what is unread into one that is.
            final ByteBuf own = ctx.alloc().directBuffer(readable + needed);
            own.writeBytes(cumulation);
            cumulation.release();
            cumulation = own;
        }
        else if (cumulation.writableBytes() < needed && cumulation.readerIndex() > 0)
        {
            // What is unread is less than one message: move it to the front rather than grow past what was consumed.
            cumulation.discardReadBytes();
        }
        cumulation.writeBytes(in); // grows the buffer (the allocator's sizes) only when unread bytes plus these need it
    }

    private void release()
    {
        view.clear(); // no view of freed memory survives
        if (cumulation != null)
        {
            cumulation.release();
            cumulation = null;
        }
    }

    /** Bytes held for messages not yet handed on, for tests: at most one message plus one read, whatever has streamed through. */
    final int bufferedCapacity()
    {
        return cumulation == null ? 0 : cumulation.capacity();
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
