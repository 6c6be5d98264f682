package io.ringway.gateway.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkControl;
import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.link.EngineLink;
import io.ringway.gateway.io.ServerTls;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The engine's end of one gateway's TCP link. The first frame must be a HELLO naming a gateway id
 * no other gateway holds; the gateway is then attached to the engine like the embedded one, and
 * answered WELCOME. After that every frame is a command, offered onto the engine's inbound ring as
 * the embedded gateway would offer it; the engine's events for that gateway go back through a
 * {@link LinkWriter}.
 *
 * <p>Back-pressure: when the inbound ring is full the command waits in the reader's buffer and the
 * link stops reading until it is taken, so TCP holds the gateway back (whose own writer then fills and
 * answers its clients {@code overloaded}). Events the gateway does not take fast enough fill the
 * writer's ring; then the link is closed rather than stall the logic thread for every gateway.
 *
 * <p>When the link closes, for any reason, the engine is sent a GATEWAY_RESET for the gateway, as
 * the gateway would send at its own restart: its sessions leave their rooms, journaled like any
 * command, and the id is free again once the reset is on the ring.
 */
final class RemoteGatewayHandler extends LinkFrameReader
{
    private static final long RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /**
     * The largest command a link carries: the gateway's command writer takes no larger. A ring slot grows to its
     * largest command, for good: the bound keeps one peer from growing them all.
     */
    static final int MAX_COMMAND_BYTES = TcpEngineLink.MAX_COMMAND_BYTES;
    /** The header, the secret's length and the longest secret. */
    static final int MAX_HELLO_BYTES = LinkHeader.LENGTH + 2 + LinkControl.MAX_SECRET_BYTES;
    /** How a refusal for a taken id ends; a gateway asks again on it, since a dropped gateway's id is freed a moment later. */
    static final String ID_IN_USE = " is in use by another gateway";
    /** A connection that has not said HELLO by then is not a gateway (heartbeats do not count). */
    static final long HELLO_TIMEOUT_MS = 10_000;

    private final GatewayAttacher attacher;
    private final Set<Integer> attached;
    private final byte[] secret;
    private final int eventRingBytes;
    private final LinkServerLog log;
    private EngineLink link;
    /** Set on the event loop once attached; read by the logic thread, hence volatile. */
    private volatile LinkWriter events;
    private int gatewayId;
    /** Why the link was dropped for the gateway's sake (set once, by the thread that found it). */
    private volatile String overflow;
    private boolean retryScheduled;
    private boolean refused;
    private String closeCause;

    /**
     * @param attached the ids attached through this server, shared by its links: this one adds and removes its own
     * @param secret   what a HELLO must carry, or null when the engine requires none
     */
    RemoteGatewayHandler(
        final GatewayAttacher attacher, final int eventRingBytes, final LinkServerLog log, final Set<Integer> attached,
        final byte[] secret)
    {
        super(MAX_HELLO_BYTES); // until WELCOME, a stranger gets no more than a HELLO's worth of buffer; then a command's
        this.secret = secret;
        this.attached = attached;
        this.attacher = attacher;
        this.eventRingBytes = eventRingBytes;
        this.log = log;
    }

    @Override
    protected boolean onFrame(final ChannelHandlerContext ctx, final DirectBuffer frame, final int length)
    {
        if (refused)
        {
            return true; // the link is closing: nothing more from it reaches the engine
        }
        if (link == null)
        {
            onHello(ctx, frame, length);
            return true;
        }
        final String problem = commandProblem(frame, length);
        if (problem != null)
        {
            refuse(ctx, problem);
            return true;
        }
        if (LinkHeader.gatewayId(frame, 0) != gatewayId)
        {
            // Another gateway's sessions are not this link's to touch.
            refuse(ctx, "a command for gateway " + LinkHeader.gatewayId(frame, 0) + " on the link of gateway " + gatewayId);
            return true;
        }
        if (link.offer(frame, 0, length))
        {
            return true;
        }
        scheduleRetry(ctx); // the ring is full: this command waits, and reading stops, until it takes it
        return false;
    }

    @Override
    protected void onFramingError(final ChannelHandlerContext ctx, final String problem)
    {
        refuse(ctx, problem);
    }

    private void onHello(final ChannelHandlerContext ctx, final DirectBuffer buffer, final int length)
    {
        if (LinkHeader.type(buffer, 0) != LinkType.LINK_HELLO)
        {
            refuse(ctx, "the first frame on a link must be a LINK_HELLO, not " + LinkType.name(LinkHeader.type(buffer, 0)));
            return;
        }
        if (LinkHeader.version(buffer, 0) != LinkHeader.VERSION) // first: another version's HELLO may be laid out otherwise
        {
            refuse(ctx, "link version " + LinkHeader.version(buffer, 0) + " is not supported (this engine speaks " + LinkHeader.VERSION + ")");
            return;
        }
        final byte[] offered;
        try
        {
            offered = LinkControl.helloSecret(buffer, 0, length);
        }
        catch (final IllegalArgumentException ex)
        {
            refuse(ctx, ex.getMessage());
            return;
        }
        if (secret != null && !MessageDigest.isEqual(secret, offered)) // constant time: the comparison tells nothing
        {
            refuse(ctx, offered.length == 0
                ? "this engine requires the link secret (--link-secret-file)" : "the link secret does not match the engine's");
            return;
        }
        final int id = LinkHeader.gatewayId(buffer, 0);
        gatewayId = id; // named in a refusal's header from here on
        if (id == 0)
        {
            refuse(ctx, "gateway id 0 is not valid (1-65535)");
            return;
        }
        final EngineLink engineLink;
        try
        {
            // Attached first and the ring made after, so a refused HELLO costs no 32 MiB. An event before the ring
            // exists is for a session of this id's previous gateway, which its reset is closing: dropped.
            engineLink = attacher.attach(id, this::toGateway);
        }
        catch (final IllegalStateException ex)
        {
            refuse(ctx, "gateway id " + id + ID_IN_USE);
            return;
        }
        gatewayId = id;
        link = engineLink;
        maxFrameBytes(MAX_COMMAND_BYTES);
        this.attached.add(id);
        events = new LinkWriter(ctx.channel(), eventRingBytes);
        // Written here, on the event loop, before any drain of the writer can run on it: WELCOME comes first.
        final ByteBuf welcome = ctx.alloc().buffer(LinkControl.WELCOME_LENGTH);
        final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(LinkControl.WELCOME_LENGTH);
        welcome.writeBytes(scratch.byteArray(), 0, LinkControl.welcome(scratch, 0, id));
        ctx.writeAndFlush(welcome);
        log.attached(id, ctx.channel().remoteAddress());
    }

    /** The logic thread (or the history reader's): copies the event for the event loop, never blocks. */
    private void toGateway(final DirectBuffer buffer, final int offset, final int length)
    {
        final LinkWriter writer = events;
        if (writer == null || writer.offer(buffer, offset, length) || overflow != null || !writer.isOpen())
        {
            return;
        }
        // The gateway cannot get this event: rather than let its users miss it, drop the link (their sessions reset).
        overflow = length > writer.maxMessageLength()
            ? "an event of " + length + " bytes is larger than a link takes (" + writer.maxMessageLength() + ")"
            : "it fell " + eventRingBytes / (1024 * 1024) + " MiB of events behind";
        writer.closeChannel(); // thread-safe: Netty runs the close on the event loop
    }

    private static String commandProblem(final DirectBuffer buffer, final int length)
    {
        final int type = LinkHeader.type(buffer, 0);
        if (!LinkType.isCommand(type))
        {
            return "a gateway sends commands, not " + LinkType.name(type);
        }
        if (LinkType.isEngineCommand(type))
        {
            return "a gateway cannot send " + LinkType.name(type) + " (only the engine journals it)";
        }
        return LinkHeader.version(buffer, 0) == LinkHeader.VERSION ? null : "link version " + LinkHeader.version(buffer, 0);
    }

    private void scheduleRetry(final ChannelHandlerContext ctx)
    {
        if (!retryScheduled)
        {
            retryScheduled = true;
            ctx.executor().schedule(() ->
            {
                retryScheduled = false;
                if (ctx.channel().isActive())
                {
                    resume(ctx);
                }
            }, RETRY_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) throws Exception
    {
        ctx.executor().schedule(() ->
        {
            if (link == null && !refused && ctx.channel().isActive())
            {
                refuse(ctx, "no LINK_HELLO within " + HELLO_TIMEOUT_MS + " ms");
            }
        }, HELLO_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx)
    {
        if (events != null && ctx.channel().isWritable())
        {
            events.drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        discardUnread();
        if (link != null)
        {
            log.detached(gatewayId, overflow != null ? overflow : closeCause != null ? closeCause : "the link closed");
            resetGateway(ctx, new ExpandableArrayBuffer(LinkHeader.LENGTH));
        }
        super.channelInactive(ctx);
    }

    /** Offers GATEWAY_RESET until the ring takes it, then frees the gateway id. */
    private void resetGateway(final ChannelHandlerContext ctx, final ExpandableArrayBuffer scratch)
    {
        final int length = LinkCommandEncoder.encodeEmpty(scratch, 0, LinkType.GATEWAY_RESET, gatewayId, 0L);
        if (link.offer(scratch, 0, length))
        {
            detach();
            return;
        }
        if (ctx.executor().isShuttingDown())
        {
            detach(); // the engine is closing too: its next start resets every gateway it recovers
            return;
        }
        ctx.executor().schedule(() -> resetGateway(ctx, scratch), RETRY_NANOS, TimeUnit.NANOSECONDS);
    }

    private void detach()
    {
        link.close();
        attached.remove(gatewayId);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (cause instanceof SSLException || cause.getCause() instanceof SSLException)
        {
            if (link != null)
            {
                closeCause = "TLS failed: " + ServerTls.rootMessage(cause); // an attached gateway: its detach line says why
            }
            else
            {
                // A plain-TCP gateway on a TLS port, or a certificate the gateway rejected: no REFUSED can reach it.
                refused = true;
                discardUnread();
                log.refused(gatewayId, ctx.channel().remoteAddress(), "TLS handshake failed: " + ServerTls.rootMessage(cause));
            }
            ctx.close();
            return;
        }
        if (cause instanceof IOException)
        {
            closeCause = "the link failed: " + cause.getMessage(); // a reset connection: the gateway died, no one to tell
            if (link == null)
            {
                log.refused(gatewayId, ctx.channel().remoteAddress(), "before LINK_HELLO, " + closeCause);
            }
            ctx.close();
            return;
        }
        refuse(ctx, "link error: " + cause);
    }

    /** Tells the gateway why (best effort) and closes the link. */
    private void refuse(final ChannelHandlerContext ctx, final String reason)
    {
        refused = true;
        closeCause = reason;
        discardUnread();
        log.refused(gatewayId, ctx.channel().remoteAddress(), reason);
        if (!ctx.channel().isActive())
        {
            return;
        }
        final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(64 + LinkControl.MAX_REASON_BYTES);
        final int length = LinkControl.refused(scratch, 0, gatewayId, reason);
        final ByteBuf refusal = ctx.alloc().buffer(length);
        refusal.writeBytes(scratch.byteArray(), 0, length);
        ctx.writeAndFlush(refusal); // best effort: the close below does not wait for a peer that stopped reading
        ctx.close();
    }
}
