package io.ringway.gateway.link;

import io.netty.channel.ChannelHandlerContext;
import io.ringway.codec.link.LinkControl;
import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.link.EngineEventListener;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The gateway's end of the link: waits for WELCOME (or REFUSED), then hands each engine event to
 * the gateway's dispatcher on this event loop, one thread, in engine order, as the in-process link
 * would. Anything else from the engine is a broken link and closes it.
 */
final class EngineLinkClientHandler extends LinkFrameReader
{
    private final EngineEventListener listener;
    private final CompletableFuture<Void> welcomed;
    private final CompletableFuture<String> closed;
    private final Supplier<LinkWriter> commands;
    private String closeReason = "the engine closed the link";

    EngineLinkClientHandler(
        final EngineEventListener listener, final CompletableFuture<Void> welcomed, final CompletableFuture<String> closed,
        final Supplier<LinkWriter> commands)
    {
        super(MAX_FRAME_BYTES); // 8 MiB: more than the 4 MiB event the engine's writer takes at most
        this.listener = listener;
        this.welcomed = welcomed;
        this.closed = closed;
        this.commands = commands;
    }

    @Override
    protected boolean onFrame(final ChannelHandlerContext ctx, final DirectBuffer buffer, final int length)
    {
        final int type = LinkHeader.type(buffer, 0);
        if (welcomed.isDone())
        {
            if (LinkType.isEvent(type))
            {
                listener.onEvent(buffer, 0, length);
            }
            else if (type == LinkType.LINK_REFUSED)
            {
                fail(ctx, "the engine dropped the link: " + LinkControl.reason(buffer, 0, length));
            }
            else
            {
                fail(ctx, "the engine sent " + LinkType.name(type) + ", not an event");
            }
        }
        else if (type == LinkType.LINK_WELCOME)
        {
            welcomed.complete(null);
        }
        else if (type == LinkType.LINK_REFUSED)
        {
            final String reason = LinkControl.reason(buffer, 0, length);
            welcomed.completeExceptionally(new LinkRefusedException(reason));
            fail(ctx, reason);
        }
        else
        {
            final String reason = "the engine answered HELLO with " + LinkType.name(type);
            welcomed.completeExceptionally(new IllegalStateException(reason));
            fail(ctx, reason);
        }
        return true;
    }

    @Override
    protected void onFramingError(final ChannelHandlerContext ctx, final String problem)
    {
        welcomed.completeExceptionally(new IllegalStateException(problem));
        fail(ctx, "the engine broke the link's framing: " + problem);
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx)
    {
        final LinkWriter writer = commands.get();
        if (writer != null && ctx.channel().isWritable())
        {
            writer.drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        fail(ctx, cause instanceof IOException ? "the link failed: " + cause.getMessage() : "link error: " + cause);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        welcomed.completeExceptionally(new IllegalStateException(closeReason));
        closed.complete(closeReason);
        super.channelInactive(ctx);
    }

    private void fail(final ChannelHandlerContext ctx, final String reason)
    {
        closeReason = reason;
        discardUnread(); // nothing after a broken message reaches the dispatcher
        ctx.close();
    }
}
