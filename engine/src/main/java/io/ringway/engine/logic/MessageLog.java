package io.ringway.engine.logic;

import io.ringway.codec.link.LinkEventEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The newest messages of one room, kept in memory: at most {@code limit} of them, by seq. No
 * per-message object: parallel primitive arrays indexed by {@code seq & mask} (seqs are
 * contiguous), and one byte ring for each message's author and data.
 *
 * <p>Byte ring: bytes are written at {@code head} (a logical position that only grows), an
 * entry's bytes are never split across the ring's end (the rest of the ring is skipped instead),
 * and every entry remembers the head when it was appended ({@code origin}). An edit writes the
 * new bytes at the head, so every live byte lies between the oldest entry's origin and the head,
 * and evicting the oldest entry frees its space in O(1). When the ring is full it is rewritten
 * (compacted), into an array twice the size when the live bytes need more than half of it: the
 * growth is amortized, and in steady state (publishes of similar size, oldest evicted) nothing
 * is allocated.
 *
 * <p>The bound is a count, not bytes: which messages are kept is then a function of the room's
 * seq alone, which the journal history reader reproduces (see {@code HistoryReader}). The
 * memory a room takes is at most about {@code limit} times the largest message.
 *
 * <p>Plain fields and arrays only, so a snapshot can write and read them as they are.
 */
final class MessageLog
{
    private static final int INITIAL_ENTRIES = 16;
    private static final int INITIAL_BYTES = 4096;
    /** The origin of the entry being appended, before it has bytes. */
    private static final long BEING_APPENDED = Long.MIN_VALUE;

    private final int limit;
    private long[] msgIds = new long[0];
    private long[] timestamps = new long[0];
    private long[] changedTimestamps = new long[0];
    private long[] origins = new long[0];
    private long[] positions = new long[0];
    private int[] fromLengths = new int[0];
    private int[] dataLengths = new int[0];
    private byte[] states = new byte[0];
    private int mask = -1;

    private byte[] bytes = new byte[0];
    private final UnsafeBuffer view = new UnsafeBuffer(bytes);
    private long head;
    private long liveBytes;

    /** Oldest seq kept; {@code latestSeq + 1} when none is. */
    private long oldestSeq = 1;
    private long latestSeq;

    MessageLog(final int limit)
    {
        this.limit = limit;
    }

    long oldestSeq()
    {
        return oldestSeq;
    }

    long latestSeq()
    {
        return latestSeq;
    }

    int size()
    {
        return (int)(latestSeq - oldestSeq + 1);
    }

    /** Bytes the ring holds (for tests: it must stay bounded however often messages are edited). */
    int byteCapacity()
    {
        return bytes.length;
    }

    /**
     * Snapshot load, on a fresh log: nothing kept and {@code latestSeq} the room's last seq. The kept
     * messages, if any, follow by {@link #append} (oldest first) and {@link #restoreChange}.
     */
    void restoreEmptyAt(final long latestSeq)
    {
        this.latestSeq = latestSeq;
        this.oldestSeq = latestSeq + 1;
    }

    /** Snapshot load: kept message {@code seq}, appended with its current data, had been edited or deleted. */
    void restoreChange(final long seq, final int state, final long changedTimestampMs)
    {
        final int i = (int)(seq & mask);
        states[i] = (byte)state;
        changedTimestamps[i] = changedTimestampMs;
    }

    boolean contains(final long seq)
    {
        return seq >= oldestSeq && seq <= latestSeq;
    }

    /**
     * Records message {@code seq} (the room's next one); the oldest is evicted when {@code limit} are kept.
     * With a limit of 0 nothing is kept and only the seq advances.
     */
    void append(
        final long seq, final long msgId, final long timestampMs,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        latestSeq = seq;
        if (limit == 0)
        {
            oldestSeq = seq + 1;
            return;
        }
        if (size() > limit)
        {
            evictOldest();
        }
        ensureEntries(size());
        final int i = (int)(seq & mask); // ensureEntries marked it as being appended: no bytes, not the tail
        final long position = reserve(fromLength + dataLength);
        origins[i] = position;
        msgIds[i] = msgId;
        timestamps[i] = timestampMs;
        changedTimestamps[i] = LinkEventEncoder.NO_SEQ;
        states[i] = (byte)LinkEventEncoder.ENTRY_ORIGINAL;
        write(i, position, from, fromOffset, fromLength, data, dataOffset, dataLength);
    }

    /** Replaces a kept message's data. */
    void edit(final long seq, final long timestampMs, final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        final int i = (int)(seq & mask);
        final int fromLength = fromLengths[i];
        final long position = reserve(fromLength + dataLength);
        // The author's bytes move with the data; read where they are after reserve (a compaction moves them).
        final int fromAt = physical(positions[i]);
        liveBytes -= fromLength + dataLengths[i];
        System.arraycopy(bytes, fromAt, bytes, physical(position), fromLength);
        positions[i] = position;
        fromLengths[i] = fromLength;
        dataLengths[i] = dataLength;
        if (dataLength > 0)
        {
            data.getBytes(dataOffset, bytes, physical(position) + fromLength, dataLength);
        }
        liveBytes += fromLength + dataLength;
        changedTimestamps[i] = timestampMs;
        states[i] = (byte)LinkEventEncoder.ENTRY_EDITED;
    }

    /** Replaces a kept message with a tombstone: its author stays, its data goes. */
    void delete(final long seq, final long timestampMs)
    {
        final int i = (int)(seq & mask);
        liveBytes -= dataLengths[i];
        dataLengths[i] = 0;
        changedTimestamps[i] = timestampMs;
        states[i] = (byte)LinkEventEncoder.ENTRY_DELETED;
    }

    long msgId(final long seq)
    {
        return msgIds[(int)(seq & mask)];
    }

    long timestamp(final long seq)
    {
        return timestamps[(int)(seq & mask)];
    }

    long changedTimestamp(final long seq)
    {
        return changedTimestamps[(int)(seq & mask)];
    }

    int state(final long seq)
    {
        return states[(int)(seq & mask)];
    }

    /** The buffer {@link #fromOffset} and {@link #dataOffset} point into; valid until the next change. */
    DirectBuffer bytes()
    {
        return view;
    }

    int fromOffset(final long seq)
    {
        return physical(positions[(int)(seq & mask)]);
    }

    int fromLength(final long seq)
    {
        return fromLengths[(int)(seq & mask)];
    }

    int dataOffset(final long seq)
    {
        final int i = (int)(seq & mask);
        return physical(positions[i]) + fromLengths[i];
    }

    int dataLength(final long seq)
    {
        return dataLengths[(int)(seq & mask)];
    }

    boolean isAuthor(final long seq, final byte[] user)
    {
        final int i = (int)(seq & mask);
        if (fromLengths[i] != user.length)
        {
            return false;
        }
        final int at = physical(positions[i]);
        for (int b = 0; b < user.length; b++)
        {
            if (bytes[at + b] != user[b])
            {
                return false;
            }
        }
        return true;
    }

    private void evictOldest()
    {
        final int i = (int)(oldestSeq & mask);
        liveBytes -= fromLengths[i] + dataLengths[i];
        oldestSeq++;
    }

    private void write(
        final int i, final long position,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        final int at = physical(position);
        from.getBytes(fromOffset, bytes, at, fromLength);
        if (dataLength > 0)
        {
            data.getBytes(dataOffset, bytes, at + fromLength, dataLength);
        }
        positions[i] = position;
        fromLengths[i] = fromLength;
        dataLengths[i] = dataLength;
        liveBytes += fromLength + dataLength;
    }

    private int physical(final long position)
    {
        return (int)(position & (bytes.length - 1));
    }

    /** The oldest byte still needed: the oldest entry's origin (the head when only the entry being appended is kept). */
    private long tail()
    {
        if (size() == 0)
        {
            return head;
        }
        final long origin = origins[(int)(oldestSeq & mask)];
        return origin == BEING_APPENDED ? head : origin;
    }

    /**
     * Room for {@code length} contiguous bytes at the head, for the entry being appended or edited.
     *
     * @return the logical position to write at
     */
    private long reserve(final int length)
    {
        if (bytes.length == 0 || !fits(length))
        {
            compact(length);
        }
        final int at = physical(head);
        if (at + length > bytes.length)
        {
            head += bytes.length - at; // never split an entry across the ring's end
        }
        final long position = head;
        head += length;
        return position;
    }

    private boolean fits(final int length)
    {
        final int at = physical(head);
        final long padding = at + length > bytes.length ? bytes.length - at : 0;
        return head + padding + length - tail() <= bytes.length;
    }

    /** Rewrites every kept entry's bytes, oldest first, into a ring that fits them and {@code length} more. */
    private void compact(final int length)
    {
        long capacity = Math.max(INITIAL_BYTES, bytes.length);
        while (capacity < 2 * (liveBytes + length))
        {
            capacity <<= 1;
        }
        if (capacity > (1 << 30))
        {
            throw new IllegalStateException("room history over 1 GiB");
        }
        final byte[] old = bytes;
        final int oldMask = old.length - 1;
        final byte[] fresh = new byte[(int)capacity];
        long position = 0;
        for (long seq = oldestSeq; seq <= latestSeq; seq++)
        {
            final int i = (int)(seq & mask);
            if (origins[i] == BEING_APPENDED)
            {
                continue; // the entry being appended: no bytes yet
            }
            final int entryLength = fromLengths[i] + dataLengths[i];
            if (entryLength > 0)
            {
                System.arraycopy(old, (int)(positions[i] & oldMask), fresh, (int)position, entryLength);
            }
            origins[i] = position;
            positions[i] = position;
            position += entryLength;
        }
        bytes = fresh;
        view.wrap(fresh);
        head = position;
    }

    /** Arrays big enough for {@code entries} (the newest included), re-indexed when they grow. */
    private void ensureEntries(final int entries)
    {
        final int i = (int)(latestSeq & mask);
        if (entries <= msgIds.length)
        {
            markAppending(i);
            return;
        }
        int capacity = Math.max(INITIAL_ENTRIES, msgIds.length);
        while (capacity < entries)
        {
            capacity <<= 1;
        }
        final int newMask = capacity - 1;
        final long[] newMsgIds = new long[capacity];
        final long[] newTimestamps = new long[capacity];
        final long[] newChanged = new long[capacity];
        final long[] newOrigins = new long[capacity];
        final long[] newPositions = new long[capacity];
        final int[] newFromLengths = new int[capacity];
        final int[] newDataLengths = new int[capacity];
        final byte[] newStates = new byte[capacity];
        for (long seq = oldestSeq; seq < latestSeq; seq++)
        {
            final int from = (int)(seq & mask);
            final int to = (int)(seq & newMask);
            newMsgIds[to] = msgIds[from];
            newTimestamps[to] = timestamps[from];
            newChanged[to] = changedTimestamps[from];
            newOrigins[to] = origins[from];
            newPositions[to] = positions[from];
            newFromLengths[to] = fromLengths[from];
            newDataLengths[to] = dataLengths[from];
            newStates[to] = states[from];
        }
        msgIds = newMsgIds;
        timestamps = newTimestamps;
        changedTimestamps = newChanged;
        origins = newOrigins;
        positions = newPositions;
        fromLengths = newFromLengths;
        dataLengths = newDataLengths;
        states = newStates;
        mask = newMask;
        markAppending((int)(latestSeq & mask));
    }

    private void markAppending(final int i)
    {
        origins[i] = BEING_APPENDED;
        fromLengths[i] = 0;
        dataLengths[i] = 0;
    }
}
