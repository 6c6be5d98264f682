package io.ringway.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.AbstractEventExecutor;
import io.netty.util.internal.PlatformDependent;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session's three bounded outbound lanes and the task that drains them into the channel.
 *
 * <p>Producers (the outbound dispatcher thread, the session's own event loop) offer from any
 * thread into lock-free MPSC queues that grow in small chunks up to their bound, so an idle
 * session costs little memory. The drain runs on the channel's event loop and writes, in lane
 * order CONTROL → REALTIME → STANDARD, only while the channel is writable: what the client does
 * not read stays in our bounded queues, never in an unbounded socket buffer.
 *
 * <p>REALTIME items carry a key; at drain time the newest item per key replaces older ones still
 * queued (latest-state-wins).
 */
final class SessionOutbound implements Runnable
{
    private static final int CHUNK = 16;
    /**
     * Messages this large are also counted in bytes: at most {@link #MAX_LARGE_QUEUED_BYTES} of them may wait in a
     * session's CONTROL and STANDARD lanes. The lanes' message counts bound small messages (4,096 of under 4 KiB are
     * under 16 MiB), but not large ones: 4,096 history pages of 1 MiB, asked by a client that reads nothing, would be
     * 4 GiB of a gateway's memory. Backlogs count too: 64 MiB lets a client resume 8 rooms at once with a full join
     * backlog each (8 MiB, LinkEventEncoder.MAX_BACKLOG_BYTES) of large messages.
     */
    static final int LARGE_MESSAGE_BYTES = 4096;
    static final long MAX_LARGE_QUEUED_BYTES = 64L << 20;
    /** How far a join's backlog may take the STANDARD lane beyond its bound (the engine keeps at most 2^24 per room). */
    static final int BACKLOG_HEADROOM = 1 << 16;

    private final GatewaySession session;
    private final Channel channel;
    private final Queue<ByteBuf> control;
    private final Queue<RealtimeItem> realtime;
    private final Queue<ByteBuf> standard;
    private final int controlLimit;
    private final int realtimeLimit;
    private final int standardLimit;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Event loop only; found on the first drain. */
    private ChannelOutboundInvoker out;
    /** Event loop only; created on first REALTIME use. Insertion-ordered so unrelated keys keep their order. */
    private LinkedHashMap<Long, ByteBuf> latestByKey;
    private volatile boolean overflowed;
    /** Which lane overflowed first, and at what bound: said in the slow-consumer error, for whoever tunes the bounds. */
    private volatile String overflow;
    /**
     * Backlog messages offered and not yet taken off the lane: the STANDARD bound is this much higher.
     * The first messages drained are counted against it, as a backlog is queued before the live messages
     * that follow it (approximate when live messages were already queued, but bounded either way).
     */
    private final java.util.concurrent.atomic.AtomicInteger backlogQueued = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean released;
    /** Bytes of large messages in the CONTROL and STANDARD lanes (see {@link #LARGE_MESSAGE_BYTES}). */
    private final AtomicLong largeQueuedBytes = new AtomicLong();

    SessionOutbound(
        final GatewaySession session, final Channel channel,
        final int controlLimit, final int realtimeLimit, final int standardLimit)
    {
        this.session = session;
        this.channel = channel;
        this.control = newLane(controlLimit);
        this.realtime = newLane(realtimeLimit);
        this.standard = newLane(standardLimit + BACKLOG_HEADROOM); // chunked: the headroom costs nothing until used
        this.controlLimit = controlLimit;
        this.realtimeLimit = realtimeLimit;
        this.standardLimit = standardLimit;
    }

    /**
     * A bounded MPSC lane. Up to {@link #CHUNK} slots it is allocated whole; beyond, it grows in chunks.
     * (The chunked queue refuses a bound that is not above its chunk size, so a limit of 16 or less
     * would otherwise fail every connection.) The queue rounds its bound up to a power of two, so
     * {@link #offer} and {@link #offerRealtime} also check the configured limit (exact for a single
     * producer; concurrent producers can overshoot it by one each, never the queue's own bound).
     */
    private static <T> Queue<T> newLane(final int limit)
    {
        return limit <= CHUNK ? PlatformDependent.newFixedMpscQueue(limit) : PlatformDependent.newMpscQueue(CHUNK, limit);
    }

    /**
     * Any thread. Takes ownership of {@code message}; the event loop drains it in a task.
     *
     * @return false when the lane overflowed.
     */
    boolean offer(final Priority priority, final ByteBuf message)
    {
        if (released)
        {
            message.release();
            return false;
        }
        final Queue<ByteBuf> lane = priority == Priority.CONTROL ? control : standard;
        final int limit;
        if (priority == Priority.CONTROL)
        {
            limit = controlLimit;
        }
        else if (priority == Priority.BACKLOG)
        {
            limit = standardLimit + Math.min(backlogQueued.incrementAndGet(), BACKLOG_HEADROOM);
        }
        else
        {
            limit = standardLimit + Math.min(backlogQueued.get(), BACKLOG_HEADROOM);
        }
        final int bytes = message.readableBytes();
        final boolean large = bytes >= LARGE_MESSAGE_BYTES;
        if (large && largeQueuedBytes.addAndGet(bytes) > MAX_LARGE_QUEUED_BYTES)
        {
            largeQueuedBytes.addAndGet(-bytes);
            message.release();
            overflow(priority, "over " + (MAX_LARGE_QUEUED_BYTES >> 20) + " MiB of large messages");
            scheduleDrain();
            return false;
        }
        final boolean accepted = lane.size() < limit && lane.offer(message);
        if (!accepted)
        {
            if (large)
            {
                largeQueuedBytes.addAndGet(-bytes);
            }
            message.release();
            overflow(priority, "full at " + limit + " messages");
        }
        scheduleDrain(); // also after a late offer that raced with release: the drain releases it
        return accepted;
    }

    private void overflow(final Priority priority, final String why)
    {
        if (!overflowed)
        {
            overflow = (priority == Priority.CONTROL ? "CONTROL" : "STANDARD") + " lane " + why;
            overflowed = true;
        }
    }

    /** Any thread. Takes ownership of {@code message}; the event loop drains it in a task. */
    boolean offerRealtime(final long key, final ByteBuf message)
    {
        if (released)
        {
            message.release();
            return false;
        }
        final boolean accepted = realtime.size() < realtimeLimit && realtime.offer(new RealtimeItem(key, message));
        if (!accepted)
        {
            message.release(); // full only if the event loop has not drained for a whole lane of states: this (newest) one is lost
        }
        scheduleDrain();
        return accepted;
    }

    void scheduleDrain()
    {
        if (drainScheduled.compareAndSet(false, true))
        {
            try
            {
                final EventLoop loop = channel.eventLoop();
                if (loop.inEventLoop() && loop instanceof AbstractEventExecutor local)
                {
                    // from the loop itself (a LoopDelivery, a reply to the session's own command): no
                    // wake-up to arrange, the loop runs it before it next waits. Arranging it anyway
                    // was 13 % of the I/O threads' samples in a 1 -> 1,000 fan-out.
                    local.lazyExecute(this);
                }
                else
                {
                    loop.execute(this);
                }
            }
            catch (final java.util.concurrent.RejectedExecutionException ex)
            {
                drainScheduled.set(false); // event loop shut down: the channel is gone and release() runs on close
            }
        }
    }

    @Override
    public void run()
    {
        drainScheduled.set(false);
        drain();
    }

    /** Event loop only. */
    void drain()
    {
        if (released || session.state().isClosingOrClosed())
        {
            releaseAll();
            return;
        }
        if (overflowed)
        {
            session.onSlowConsumer(overflow);
            return;
        }
        conflateRealtime();
        final ChannelOutboundInvoker out = framesOut();
        boolean wrote = false;
        while (channel.isWritable())
        {
            ByteBuf next = control.poll();
            if (next == null)
            {
                next = pollLatestRealtime();
            }
            else
            {
                countOut(next);
            }
            if (next == null)
            {
                next = standard.poll();
                if (next != null)
                {
                    countOut(next);
                    if (backlogQueued.get() > 0)
                    {
                        backlogQueued.decrementAndGet(); // single consumer: never below zero
                    }
                }
            }
            if (next == null)
            {
                break;
            }
            out.write(ownView(next), channel.voidPromise()); // a whole frame of the session's wire format already (ServerMessages.toBuf)
            wrote = true;
        }
        if (wrote)
        {
            out.flush();
        }
        if (!channel.isWritable() && hasPending())
        {
            session.onUnwritable();
        }
    }

    /** A CONTROL or STANDARD message leaves its lane: a large one no longer counts against the bytes bound. */
    private void countOut(final ByteBuf message)
    {
        final int bytes = message.readableBytes();
        if (bytes >= LARGE_MESSAGE_BYTES)
        {
            largeQueuedBytes.addAndGet(-bytes);
        }
    }

    /**
     * A message the dispatcher shares between recipients is one buffer in the lanes of all of a
     * loop's recipients, holding one reference per session (a duplicate counted by that loop,
     * {@link LoopDelivery}); the socket write moves a buffer's reader index, so each write gets its
     * own view, made here on the event loop. The view shares the buffer's reference count:
     * releasing it after the write gives back this lane's reference. A buffer held by this lane
     * alone is written as it is.
     *
     * <p>Made here rather than as a recycled duplicate by the dispatcher: a duplicate taken on the
     * engine thread and recycled on an event loop crosses threads twice, and that cross-thread
     * recycling was a fifth of a 1 → 1,000 fan-out profile.
     */
    private static ByteBuf ownView(final ByteBuf message)
    {
        return message.refCnt() == 1 ? message : message.duplicate();
    }

    /** Where frames enter the pipeline: past the handlers that would only pass them on ({@link FramesOut}), else the channel. */
    private ChannelOutboundInvoker framesOut()
    {
        if (out == null)
        {
            final ChannelHandlerContext ctx = channel.pipeline().context(FramesOut.INSTANCE);
            out = ctx != null ? ctx : channel;
        }
        return out;
    }

    boolean hasPending()
    {
        return !control.isEmpty() || !standard.isEmpty() || !realtime.isEmpty() ||
            (latestByKey != null && !latestByKey.isEmpty());
    }

    int pendingStandard()
    {
        return standard.size();
    }

    /** Event loop only: frees every queued buffer; later offers are released on arrival. */
    void releaseAll()
    {
        released = true;
        ByteBuf buf;
        while ((buf = control.poll()) != null)
        {
            buf.release();
        }
        while ((buf = standard.poll()) != null)
        {
            buf.release();
        }
        RealtimeItem item;
        while ((item = realtime.poll()) != null)
        {
            item.message.release();
        }
        if (latestByKey != null)
        {
            latestByKey.values().forEach(ByteBuf::release);
            latestByKey.clear();
        }
    }

    private void conflateRealtime()
    {
        RealtimeItem item;
        while ((item = realtime.poll()) != null)
        {
            if (latestByKey == null)
            {
                latestByKey = new LinkedHashMap<>();
            }
            final ByteBuf replaced = latestByKey.remove(item.key); // re-insert: the newest state goes to the back
            if (replaced != null)
            {
                replaced.release();
            }
            latestByKey.put(item.key, item.message);
            if (latestByKey.size() > realtimeLimit)
            {
                final Iterator<Map.Entry<Long, ByteBuf>> oldest = latestByKey.entrySet().iterator();
                oldest.next().getValue().release();
                oldest.remove();
            }
        }
    }

    private ByteBuf pollLatestRealtime()
    {
        if (latestByKey == null || latestByKey.isEmpty())
        {
            return null;
        }
        final Iterator<Map.Entry<Long, ByteBuf>> first = latestByKey.entrySet().iterator();
        final ByteBuf message = first.next().getValue();
        first.remove();
        return message;
    }

    private record RealtimeItem(long key, ByteBuf message)
    {
    }
}
