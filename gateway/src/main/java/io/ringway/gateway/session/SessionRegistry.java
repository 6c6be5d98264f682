package io.ringway.gateway.session;

import io.netty.channel.Channel;
import org.agrona.collections.IntArrayList;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Live sessions by id, readable from the outbound dispatcher without locks or boxing.
 *
 * <p>A session id is {@code generation << 20 | slot}: the slot indexes an array, the generation
 * (bumped each time a slot is reused) makes a stale id from an old event miss instead of reaching
 * the slot's new owner. Ids fit in 48 bits, as the link requires, and are never 0.
 */
public final class SessionRegistry
{
    public static final int SLOT_BITS = 20;
    public static final int MAX_SLOTS = 1 << SLOT_BITS;
    private static final long SLOT_MASK = MAX_SLOTS - 1;
    /** The largest generation; the next after it is 1 again. */
    public static final long MAX_GENERATION = (1L << (48 - SLOT_BITS)) - 1;

    private final AtomicReferenceArray<GatewaySession> sessions;
    private final long[] generations;
    private final IntArrayList freeSlots;
    private final int controlLimit;
    private final int realtimeLimit;
    private final int standardLimit;
    private int size;

    public SessionRegistry(final int capacity, final int controlLimit, final int realtimeLimit, final int standardLimit)
    {
        this(capacity, controlLimit, realtimeLimit, standardLimit, 0L);
    }
    private final AtomicLong slowConsumerCloses = new AtomicLong();

    /**
     * @param generationBase where every slot's generation starts counting (the first session of a slot gets one more).
     *                       A gateway that may restart while its engine runs on starts at a random base, so that its new
     *                       sessions do not take the ids of its previous process's, whose last events may still be in flight.
     */
    public SessionRegistry(
        final int capacity, final int controlLimit, final int realtimeLimit, final int standardLimit, final long generationBase)
    {
        if (generationBase < 0 || generationBase >= MAX_GENERATION)
        {
            throw new IllegalArgumentException("generationBase must be 0.." + (MAX_GENERATION - 1));
        }
        if (capacity < 1 || capacity > MAX_SLOTS)
        {
            throw new IllegalArgumentException("capacity must be 1.." + MAX_SLOTS);
        }
        this.sessions = new AtomicReferenceArray<>(capacity);
        this.generations = new long[capacity];
        Arrays.fill(generations, generationBase);
        this.freeSlots = new IntArrayList(capacity, -1);
        for (int slot = capacity - 1; slot >= 0; slot--)
        {
            freeSlots.addInt(slot);
        }
        this.controlLimit = controlLimit;
        this.realtimeLimit = realtimeLimit;
        this.standardLimit = standardLimit;
    }

    /** Connections closed because their outbound queues overflowed, since start. */
    public long slowConsumerCloses()
    {
        return slowConsumerCloses.get();
    }

    /** @return a new session, or null when every slot is taken. */
    public synchronized GatewaySession register(final Channel channel, final WireFormat format)
    {
        if (freeSlots.isEmpty())
        {
            return null;
        }
        final int slot = freeSlots.popInt();
        long generation = generations[slot] + 1;
        if (generation > MAX_GENERATION)
        {
            generation = 1;
        }
        generations[slot] = generation;
        final long id = (generation << SLOT_BITS) | slot;
        final GatewaySession session = new GatewaySession(id, channel, format, controlLimit, realtimeLimit, standardLimit, slowConsumerCloses);
        sessions.set(slot, session);
        size++;
        return session;
    }

    public synchronized void unregister(final GatewaySession session)
    {
        final int slot = (int)(session.id() & SLOT_MASK);
        if (slot < sessions.length() && sessions.get(slot) == session)
        {
            sessions.set(slot, null);
            freeSlots.addInt(slot);
            size--;
        }
    }

    /** Any thread, lock-free. @return the live session with this id, or null. */
    public GatewaySession get(final long sessionId)
    {
        final long slot = sessionId & SLOT_MASK;
        if (slot >= sessions.length())
        {
            return null;
        }
        final GatewaySession session = sessions.get((int)slot);
        return session != null && session.id() == sessionId ? session : null;
    }

    public synchronized int size()
    {
        return size;
    }

    public void forEach(final Consumer<GatewaySession> action)
    {
        for (int slot = 0; slot < sessions.length(); slot++)
        {
            final GatewaySession session = sessions.get(slot);
            if (session != null)
            {
                action.accept(session);
            }
        }
    }
}
