package io.ringway.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one dispatched event sends, grouped by the recipients' event loops. An event for many
 * sessions goes {@link #shareOnLoop}: {@link #handOut} gives each loop one task ({@link LoopDelivery})
 * that puts the messages into its sessions' lanes, in the order they were added. A message for
 * one session goes {@link #send}: straight into its lanes, as before.
 *
 * <p>Why not offer into each session's lanes from the dispatcher thread: per recipient, that touched
 * cache lines the recipient's event loop had just written (the lane's indexes, the drain flag), and
 * in a 1 → 1,000 fan-out profile it was 80 % of the logic thread's samples. Handed over per loop,
 * that work runs on the recipient's own loop, on lines the loop already holds, both loops at once;
 * the dispatcher adds a pointer per recipient to a local array, and each loop is woken once per
 * event. For one recipient the hop through a task costs more than it saves: rtt p50 was 4-11 µs
 * slower with every send handed over (3 interleaved rounds at 10,000 msg/s).
 *
 * <p>Order: a session's lanes get one dispatcher's messages in the order it sent them (a presence
 * reply behind the presence events before it, PROTOCOL.md). So {@link #send} also goes through a
 * task while its loop still has one of this dispatcher's tasks open or not yet run. Between two
 * dispatchers (the logic thread's and the history reader's, whose pages come from the journal)
 * there is no order, as there never was with the outbound ring.
 *
 * <p>At shutdown a task queued just as its loop stops may never run (an I/O loop cannot take a
 * task back to refuse it); its references go with the loop's memory.
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
    /** Every loop this dispatcher has handed a task to, and how many of those tasks have not run yet. */
    private EventLoop[] loops = new EventLoop[4];
    private AtomicInteger[] notRun = new AtomicInteger[4];
    private int loopCount;
    private int created;

    /**
     * Takes ownership of {@code message}: into the session's lane now, or at the next
     * {@link #handOut} when an earlier message of this dispatcher for that loop is still on its way.
     */
    public void send(final GatewaySession session, final Priority priority, final ByteBuf message)
    {
        final EventLoop loop = session.channel().eventLoop();
        if (isBusy(loop))
        {
            deliveryFor(loop).add(session, priority.ordinal(), 0L, message);
        }
        else
        {
            session.send(priority, message);
        }
    }

    /** As {@link #send}, on the REALTIME lane under {@code key} (the newest message for a key wins). */
    public void sendRealtime(final GatewaySession session, final long key, final ByteBuf message)
    {
        final EventLoop loop = session.channel().eventLoop();
        if (isBusy(loop))
        {
            deliveryFor(loop).add(session, LoopDelivery.REALTIME, key, message);
        }
        else
        {
            session.sendRealtime(key, message);
        }
    }

    /**
     * {@code message} reaches the session's lane on its loop, after the next {@link #handOut}. The
     * caller keeps its reference: each loop's task takes one of its own for all its sessions (see
     * {@link LoopDelivery}), so the caller releases its reference when it has shared the message
     * with every recipient.
     */
    public void shareOnLoop(final GatewaySession session, final Priority priority, final ByteBuf message)
    {
        deliveryFor(session.channel().eventLoop()).share(session, priority.ordinal(), 0L, message);
    }

    /** As {@link #shareOnLoop}, on the REALTIME lane under {@code key}. */
    public void shareRealtimeOnLoop(final GatewaySession session, final long key, final ByteBuf message)
    {
        deliveryFor(session.channel().eventLoop()).share(session, LoopDelivery.REALTIME, key, message);
    }

    /** Hands every loop its task, which wakes it; then starts over. */
    public void handOut()
    {
        for (int i = 0; i < openCount; i++)
        {
            final LoopDelivery delivery = open[i];
            open[i] = null;
            delivery.notRun.incrementAndGet(); // before the loop can run it and count it down
            try
            {
                delivery.loop.execute(delivery);
            }
            catch (final RejectedExecutionException ex)
            {
                delivery.releaseAll(); // the loop is shutting down: its channels are closing
                delivery.notRun.decrementAndGet();
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
        delivery.notRun = null;
        free.offer(delivery);
    }

    /** A task of this dispatcher for {@code loop} is being filled, or handed out and not run yet. */
    private boolean isBusy(final EventLoop loop)
    {
        for (int i = 0; i < openCount; i++)
        {
            if (open[i].loop == loop)
            {
                return true;
            }
        }
        for (int i = 0; i < loopCount; i++)
        {
            if (loops[i] == loop)
            {
                return notRun[i].get() > 0; // counted down after the task's messages are in their lanes
            }
        }
        return false;
    }

    private AtomicInteger notRunOn(final EventLoop loop)
    {
        for (int i = 0; i < loopCount; i++)
        {
            if (loops[i] == loop)
            {
                return notRun[i];
            }
        }
        if (loopCount == loops.length)
        {
            loops = Arrays.copyOf(loops, loopCount * 2);
            notRun = Arrays.copyOf(notRun, loopCount * 2);
        }
        loops[loopCount] = loop;
        notRun[loopCount] = new AtomicInteger();
        return notRun[loopCount++];
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
        delivery.notRun = notRunOn(loop);
        if (openCount == open.length)
        {
            open = Arrays.copyOf(open, openCount * 2);
        }
        open[openCount++] = delivery;
        last = delivery;
        return delivery;
    }
}
