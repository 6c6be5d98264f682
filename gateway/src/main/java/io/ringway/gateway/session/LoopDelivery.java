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
 *
 * <p>A message shared by several of the loop's sessions ({@link #share}) arrives with one reference
 * for the whole loop. On the loop it becomes a duplicate with a reference count of its own, one
 * reference per session: the loop's writes and releases then count on a line only this loop
 * touches. One count shared by the recipients of both loops had the two I/O threads fighting over
 * its cache line on every write and release, a fifth of their samples in a 1 → 1,000 fan-out.
 */
final class LoopDelivery implements Runnable
{
    /** {@link #kinds} value for a REALTIME message; the others are {@link Priority} ordinals. */
    static final byte REALTIME = -1;
    /** {@link #sharedIndex} value for a message the entry owns outright. */
    private static final byte OWNED = -1;
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
    /** Per entry: which of {@link #shared} its message is, or {@link #OWNED}. */
    private byte[] sharedIndex = new byte[16];
    /** The distinct shared messages (one per wire format at most), one reference each, and their entries. */
    private final ByteBuf[] shared = new ByteBuf[8];
    private final int[] sharedEntries = new int[8];
    private int sharedCount;

    LoopDelivery(final LoopDeliveries pool)
    {
        this.pool = pool;
    }

    /** Takes ownership of {@code message}. */
    void add(final GatewaySession session, final int kind, final long key, final ByteBuf message)
    {
        append(session, kind, key, message, OWNED);
    }

    /** The caller keeps its reference: this takes one of its own for all the entries that share {@code message}. */
    void share(final GatewaySession session, final int kind, final long key, final ByteBuf message)
    {
        int index = 0;
        while (index < sharedCount && shared[index] != message)
        {
            index++;
        }
        if (index == sharedCount)
        {
            if (sharedCount == shared.length)
            {
                add(session, kind, key, message.retain()); // more distinct messages than formats: each entry its own reference
                return;
            }
            shared[sharedCount++] = message.retain();
        }
        sharedEntries[index]++;
        append(session, kind, key, message, (byte)index);
    }

    private void append(final GatewaySession session, final int kind, final long key, final ByteBuf message, final byte shareIndex)
    {
        if (count == sessions.length)
        {
            final int grown = count * 2;
            sessions = Arrays.copyOf(sessions, grown);
            messages = Arrays.copyOf(messages, grown);
            kinds = Arrays.copyOf(kinds, grown);
            keys = Arrays.copyOf(keys, grown);
            sharedIndex = Arrays.copyOf(sharedIndex, grown);
        }
        sessions[count] = session;
        messages[count] = message;
        kinds[count] = (byte)kind;
        keys[count] = key;
        sharedIndex[count] = shareIndex;
        count++;
    }

    /** On {@link #loop}. */
    @Override
    public void run()
    {
        int i = 0;
        boolean owned = false;
        try
        {
            giveEachEntryItsReference();
            owned = true;
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
            // only after a throw: the messages not reached
            if (owned)
            {
                releaseFrom(i + 1);
            }
            else
            {
                releaseAll();
            }
            count = 0;
            notRun.decrementAndGet(); // after the offers: a direct send for this loop may go now
            pool.giveBack(this);
        }
    }

    /**
     * On the loop: each shared message's one reference becomes a duplicate counted here, holding one
     * reference per entry, which the entries take instead. After this every entry owns its message.
     */
    private void giveEachEntryItsReference()
    {
        for (int s = 0; s < sharedCount; s++)
        {
            final ByteBuf message = shared[s];
            final int entries = sharedEntries[s];
            final ByteBuf local;
            if (entries == 1)
            {
                local = message;
            }
            else
            {
                local = message.retainedDuplicate(); // its own count, releasing the message once when it reaches 0
                message.release();
                local.retain(entries - 1);
            }
            shared[s] = null; // converted: from here the entries own the references
            sharedEntries[s] = 0;
            for (int e = 0; e < count; e++)
            {
                if (sharedIndex[e] == s)
                {
                    messages[e] = local;
                    sharedIndex[e] = OWNED;
                }
            }
        }
        sharedCount = 0;
    }

    /** Frees every message not delivered: for a loop that refused the task, or a conversion that threw. */
    void releaseAll()
    {
        for (int s = 0; s < sharedCount; s++)
        {
            if (shared[s] != null) // null: converted before the throw, its entries own their references
            {
                shared[s].release();
                shared[s] = null;
            }
            sharedEntries[s] = 0;
        }
        sharedCount = 0;
        for (int e = 0; e < count; e++)
        {
            if (sharedIndex[e] != OWNED)
            {
                messages[e] = null; // released above, once for all its entries
            }
        }
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
