package io.ringway.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One event's messages for the sessions of one event loop (see {@link LoopDeliveries}). Filled by
 * the dispatcher, then run once on the loop: each message goes into its session's lane, which
 * schedules the session's drain on this same loop (a local task, no wake-up). The drains run after
 * the tasks already queued, so a loop that is behind puts several events into the lanes before it
 * drains them: lane priorities and REALTIME conflation hold as when the dispatcher offered into the
 * lanes itself, and one flush carries several messages. Then this goes back to the pool.
 */
final class LoopDelivery implements Runnable
{
    /** {@link #kinds} value for a REALTIME message; the others are {@link Priority} ordinals. */
    static final byte REALTIME = -1;
    private static final Priority[] PRIORITIES = Priority.values();

    private final LoopDeliveries pool;
    /** Set by the dispatcher while it fills this; read by the loop after the hand-over. */
    EventLoop loop;
    /** The dispatcher's count of its tasks for {@link #loop} not run yet; this one counts itself out when done. */
    AtomicInteger notRun;
    int count;
    private GatewaySession[] sessions = new GatewaySession[16];
    private ByteBuf[] messages = new ByteBuf[16];
    private byte[] kinds = new byte[16];
    private long[] keys = new long[16];

    LoopDelivery(final LoopDeliveries pool)
    {
        this.pool = pool;
    }

    void add(final GatewaySession session, final int kind, final long key, final ByteBuf message)
    {
        if (count == sessions.length)
        {
            final int grown = count * 2;
            sessions = Arrays.copyOf(sessions, grown);
            messages = Arrays.copyOf(messages, grown);
            kinds = Arrays.copyOf(kinds, grown);
            keys = Arrays.copyOf(keys, grown);
        }
        sessions[count] = session;
        messages[count] = message;
        kinds[count] = (byte)kind;
        keys[count] = key;
        count++;
    }

    /** On {@link #loop}. */
    @Override
    public void run()
    {
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                final GatewaySession session = sessions[i];
                final ByteBuf message = messages[i];
                sessions[i] = null;
                messages[i] = null;
                final byte kind = kinds[i];
                if (kind == REALTIME)
                {
                    session.sendRealtime(keys[i], message);
                }
                else
                {
                    session.send(PRIORITIES[kind], message);
                }
            }
        }
        finally
        {
            releaseFrom(i + 1); // only after a throw: the messages not reached
            count = 0;
            notRun.decrementAndGet(); // after the offers: a direct send for this loop may go now
            pool.giveBack(this);
        }
    }

    /** Frees every message not delivered; for a loop that refused the task. */
    void releaseAll()
    {
        releaseFrom(0);
        count = 0;
    }

    private void releaseFrom(final int from)
    {
        for (int i = from; i < count; i++)
        {
            sessions[i] = null;
            if (messages[i] != null)
            {
                messages[i].release();
                messages[i] = null;
            }
        }
    }
}
