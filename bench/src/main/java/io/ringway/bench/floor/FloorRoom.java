package io.ringway.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.ringway.bench.load.LoadMessages;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One room: the channels joined to it and its message counter; nothing else (no history, no
 * journal). Members are a copy-on-write array, so a publish reads one volatile field and loops
 * over it without locks, iterators or allocation; joins and leaves, rare by comparison, copy it.
 * {@link #add} and {@link #remove} are only called inside {@link FloorRooms}' per-key atomic
 * updates, which serialise them.
 */
final class FloorRoom
{
    private static final Channel[] NO_MEMBERS = new Channel[0];

    private final String name;
    private final byte[] messagePrefix;
    private final AtomicLong seq = new AtomicLong();
    private volatile Channel[] members = NO_MEMBERS;

    FloorRoom(final String name)
    {
        this.name = name;
        // the room name is checked to need no JSON escaping (FloorSession.isSafeName)
        this.messagePrefix = LoadMessages.ascii("{\"type\":\"message\",\"room\":\"" + name + "\",\"from\":\"");
    }

    String name()
    {
        return name;
    }

    /** {@code {"type":"message","room":"<name>","from":"}: how every message of this room starts. */
    byte[] messagePrefix()
    {
        return messagePrefix;
    }

    /** The next message's seq: 1, 2, … for as long as the room has members. */
    long nextSeq()
    {
        return seq.incrementAndGet();
    }

    /** True when the string value {@code [from, to)} (quotes included) is this room's name. */
    boolean isNamed(final ByteBuf buf, final int from, final int to)
    {
        final int length = to - from - 2;
        if (length != name.length())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buf.getByte(from + 1 + i) != name.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /** The members at this instant; the array is never modified. */
    Channel[] members()
    {
        return members;
    }

    void add(final Channel channel)
    {
        final Channel[] current = members;
        for (final Channel member : current)
        {
            if (member == channel)
            {
                return;
            }
        }
        final Channel[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = channel;
        members = next;
    }

    void remove(final Channel channel)
    {
        final Channel[] current = members;
        for (int i = 0; i < current.length; i++)
        {
            if (current[i] == channel)
            {
                final Channel[] next = new Channel[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                members = next;
                return;
            }
        }
    }

    boolean isEmpty()
    {
        return members.length == 0;
    }
}
