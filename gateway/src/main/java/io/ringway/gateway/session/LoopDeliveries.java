package io.ringway.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;

/**
 * What one dispatched event sends, grouped by the recipients' event loops: {@link #handOut} gives
 * each loop one task ({@link LoopDelivery}) that puts the messages into its sessions' lanes and
 * drains them, in the order they were added.
 *
 * <p>Why not offer into each session's lanes from the dispatcher thread: per recipient, that touched
 * cache lines the recipient's event loop had just written (the lane's indexes, the drain flag), and
 * in a 1 → 1,000 fan-out profile it was 80 % of the logic thread's samples. Handed over per loop,
 * that work runs on the recipient's own loop, on lines the loop already holds, both loops at once;
 * the dispatcher adds a pointer per recipient to a local array. One wake-up per loop per event,
 * as before.
 *
 * <p>Every send of one dispatcher goes through here, not only fan-out: a session's lanes then get
 * its messages in the order the dispatcher sent them (a presence reply behind the presence events
 * before it, a history page behind earlier room messages).
 *
 * <p>One per dispatcher thread; not thread-safe. Tasks come back to a pool when run: no allocation
 * per event once warm.
 */
public final class LoopDeliveries
{
    /** Tasks run and given back by the loops (any thread), taken by the dispatcher (one thread). */
    private final Queue<LoopDelivery> free = PlatformDependent.newMpscQueue();
    private LoopDelivery[] open = new LoopDelivery[4];
    private int openCount;
    /** The delivery {@link #deliveryFor} found last: consecutive recipients often share a loop. */
    private LoopDelivery last;
    private int created;

    /** Takes ownership of {@code message}; it reaches the session's lane at the next {@link #handOut}. */
    public void send(final GatewaySession session, final Priority priority, final ByteBuf message)
    {
        deliveryFor(session.channel().eventLoop()).add(session, priority.ordinal(), 0L, message);
    }

    /** As {@link #send}, on the REALTIME lane under {@code key} (the newest message for a key wins). */
    public void sendRealtime(final GatewaySession session, final long key, final ByteBuf message)
    {
        deliveryFor(session.channel().eventLoop()).add(session, LoopDelivery.REALTIME, key, message);
    }

    /** Hands every loop its task, which wakes it; then starts over. */
    public void handOut()
    {
        for (int i = 0; i < openCount; i++)
        {
            final LoopDelivery delivery = open[i];
            open[i] = null;
            try
            {
                delivery.loop.execute(delivery);
            }
            catch (final RejectedExecutionException ex)
            {
                delivery.releaseAll(); // the loop is shutting down: its channels are closing
                giveBack(delivery);
            }
        }
        openCount = 0;
        last = null;
    }

    /** Messages added and not handed out yet; for tests. */
    int pending()
    {
        int pending = 0;
        for (int i = 0; i < openCount; i++)
        {
            pending += open[i].count;
        }
        return pending;
    }

    /** Tasks made so far (the pool's size); for tests. */
    int created()
    {
        return created;
    }

    void giveBack(final LoopDelivery delivery)
    {
        delivery.loop = null;
        free.offer(delivery);
    }

    private LoopDelivery deliveryFor(final EventLoop loop)
    {
        if (last != null && last.loop == loop)
        {
            return last;
        }
        for (int i = 0; i < openCount; i++)
        {
            if (open[i].loop == loop)
            {
                last = open[i];
                return last;
            }
        }
        LoopDelivery delivery = free.poll();
        if (delivery == null)
        {
            delivery = new LoopDelivery(this);
            created++;
        }
        delivery.loop = loop;
        if (openCount == open.length)
        {
            open = Arrays.copyOf(open, openCount * 2);
        }
        open[openCount++] = delivery;
        last = delivery;
        return delivery;
    }
}
