package io.ringway.engine.logic;

import io.ringway.codec.link.LinkEventEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The newest messages of one room, kept in memory: at most {@code limit} of them, by seq. No
 * per-message object: parallel primitive arrays indexed by {@code seq & mask} (seqs are
 * contiguous), and one byte ring for each message's author and data.
 *
 * <p>Entries: one {@code long[]} of {@link #STRIDE} longs per entry (msg id, timestamp, changed
 * timestamp, origin, position, and the author and data lengths with the state packed in one), so
 * appending and evicting touch one or two cache lines of it, not one per field. With one array per
 * field, appending 105-byte messages round-robin into 100 rooms that keep 1,000 each cost 275-330 ns
 * per append (70 ns into a single room): cache misses, one per field (docs/performance/TUNING.md).
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
    /** The largest byte ring: a compaction makes one of at least twice the kept bytes. */
    private static final long MAX_RING_BYTES = 1L << 30;
    /** What one room's kept messages and the one being appended may take: LogicSettings refuses settings that could pass it. */
    static final long MAX_KEPT_BYTES = MAX_RING_BYTES / 2;
    private static final int INITIAL_BYTES = 4096;
    /** The origin of the entry being appended, before it has bytes. */
    private static final long BEING_APPENDED = Long.MIN_VALUE;

    private int limit;
    /** Longs per entry in {@link #entries}, and each field's place among them. */
    private static final int STRIDE = 6;
    private static final int MSG_ID = 0;
    private static final int TIMESTAMP = 1;
    private static final int CHANGED = 2;
    private static final int ORIGIN = 3;
    private static final int POSITION = 4;
    /** Data length in the low 32 bits, author length in bits 32-47, state in bits 48-55. */
    private static final int LENGTHS = 5;

    private long[] entries = new long[0];
    /** Entry slots minus one: a seq's entry starts at {@code (seq & mask) * STRIDE}. */
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

    /**
     * Keeps at most {@code limit} from now on: the oldest beyond it are evicted at once, and a lower limit gives back the
     * memory the evicted ones held (the arrays are rewritten to fit what is kept). Called between commands.
     */
    void limit(final int limit)
    {
        final boolean lower = limit < this.limit;
        this.limit = limit;
        while (size() > limit)
        {
            evictOldest();
        }
        if (lower)
        {
            shrinkToFit();
        }
    }

    /** Entry slots and byte ring rewritten to the smallest sizes growth would have reached for what is kept now. */
    private void shrinkToFit()
    {
        int slots = INITIAL_ENTRIES;
        while (slots < size() + 1)
        {
            slots <<= 1;
        }
        if (mask + 1 > slots)
        {
            final int newMask = slots - 1;
            final long[] fresh = new long[slots * STRIDE];
            for (long seq = oldestSeq; seq <= latestSeq; seq++)
            {
                System.arraycopy(entries, at(seq), fresh, (int)(seq & newMask) * STRIDE, STRIDE);
            }
            entries = fresh;
            mask = newMask;
        }
        long capacity = INITIAL_BYTES;
        while (capacity < 2 * liveBytes)
        {
            capacity <<= 1;
        }
        if (bytes.length > capacity)
        {
            rewriteInto((int)capacity);
        }
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
        final int e = at(seq);
        setLengths(e, fromLengthAt(e), dataLengthAt(e), state);
        entries[e + CHANGED] = changedTimestampMs;
    }

    boolean contains(final long seq)
    {
        return seq >= oldestSeq && seq <= latestSeq;
    }

    private int at(final long seq)
    {
        return (int)(seq & mask) * STRIDE;
    }

    private int fromLengthAt(final int e)
    {
        return (int)((entries[e + LENGTHS] >>> 32) & 0xFFFF);
    }

    private int dataLengthAt(final int e)
    {
        return (int)entries[e + LENGTHS];
    }

    private int stateAt(final int e)
    {
        return (int)((entries[e + LENGTHS] >>> 48) & 0xFF);
    }

    private void setLengths(final int e, final int fromLength, final int dataLength, final int state)
    {
        entries[e + LENGTHS] = (dataLength & 0xFFFF_FFFFL) | ((long)fromLength << 32) | ((long)state << 48);
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
        final int e = at(seq); // ensureEntries marked it as being appended: no bytes, not the tail
        final long position = reserve(fromLength + dataLength);
        entries[e + ORIGIN] = position;
        entries[e + MSG_ID] = msgId;
        entries[e + TIMESTAMP] = timestampMs;
        entries[e + CHANGED] = LinkEventEncoder.NO_SEQ;
        write(e, position, from, fromOffset, fromLength, data, dataOffset, dataLength, LinkEventEncoder.ENTRY_ORIGINAL);
    }

    /** Replaces a kept message's data. */
    void edit(final long seq, final long timestampMs, final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        final int e = at(seq);
        final int fromLength = fromLengthAt(e);
        final long position = reserve(fromLength + dataLength);
        // The author's bytes move with the data; read where they are after reserve (a compaction moves them).
        final int fromAt = physical(entries[e + POSITION]);
        liveBytes -= fromLength + dataLengthAt(e);
        System.arraycopy(bytes, fromAt, bytes, physical(position), fromLength);
        entries[e + POSITION] = position;
        setLengths(e, fromLength, dataLength, LinkEventEncoder.ENTRY_EDITED);
        if (dataLength > 0)
        {
            data.getBytes(dataOffset, bytes, physical(position) + fromLength, dataLength);
        }
        liveBytes += fromLength + dataLength;
        entries[e + CHANGED] = timestampMs;
    }

    /** Replaces a kept message with a tombstone: its author stays, its data goes. */
    void delete(final long seq, final long timestampMs)
    {
        final int e = at(seq);
        liveBytes -= dataLengthAt(e);
        setLengths(e, fromLengthAt(e), 0, LinkEventEncoder.ENTRY_DELETED);
        entries[e + CHANGED] = timestampMs;
    }

    long msgId(final long seq)
    {
        return entries[at(seq) + MSG_ID];
    }

    long timestamp(final long seq)
    {
        return entries[at(seq) + TIMESTAMP];
    }

    long changedTimestamp(final long seq)
    {
        return entries[at(seq) + CHANGED];
    }

    int state(final long seq)
    {
        return stateAt(at(seq));
    }

    /** The buffer {@link #fromOffset} and {@link #dataOffset} point into; valid until the next change. */
    DirectBuffer bytes()
    {
        return view;
    }

    int fromOffset(final long seq)
    {
        return physical(entries[at(seq) + POSITION]);
    }

    int fromLength(final long seq)
    {
        return fromLengthAt(at(seq));
    }

    int dataOffset(final long seq)
    {
        final int e = at(seq);
        return physical(entries[e + POSITION]) + fromLengthAt(e);
    }

    int dataLength(final long seq)
    {
        return dataLengthAt(at(seq));
    }

    boolean isAuthor(final long seq, final byte[] user)
    {
        final int e = at(seq);
        if (fromLengthAt(e) != user.length)
        {
            return false;
        }
        final int at = physical(entries[e + POSITION]);
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
        final int e = at(oldestSeq);
        liveBytes -= fromLengthAt(e) + dataLengthAt(e);
        oldestSeq++;
    }

    private void write(
        final int e, final long position,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final DirectBuffer data, final int dataOffset, final int dataLength, final int state)
    {
        final int at = physical(position);
        from.getBytes(fromOffset, bytes, at, fromLength);
        if (dataLength > 0)
        {
            data.getBytes(dataOffset, bytes, at + fromLength, dataLength);
        }
        entries[e + POSITION] = position;
        setLengths(e, fromLength, dataLength, state);
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
        final long origin = entries[at(oldestSeq) + ORIGIN];
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
        if (capacity > MAX_RING_BYTES)
        {
            throw new IllegalStateException("room history over 1 GiB"); // LogicSettings keeps the kept bytes below MAX_KEPT_BYTES
        }
        rewriteInto((int)capacity);
    }

    /** Every kept entry's bytes, oldest first, from the start of a new ring of {@code capacity} (a power of two) bytes. */
    private void rewriteInto(final int capacity)
    {
        final byte[] old = bytes;
        final int oldMask = old.length - 1;
        final byte[] fresh = new byte[capacity];
        long position = 0;
        for (long seq = oldestSeq; seq <= latestSeq; seq++)
        {
            final int e = at(seq);
            if (entries[e + ORIGIN] == BEING_APPENDED)
            {
                continue; // the entry being appended: no bytes yet
            }
            final int entryLength = fromLengthAt(e) + dataLengthAt(e);
            if (entryLength > 0)
            {
                System.arraycopy(old, (int)(entries[e + POSITION] & oldMask), fresh, (int)position, entryLength);
            }
            entries[e + ORIGIN] = position;
            entries[e + POSITION] = position;
            position += entryLength;
        }
        bytes = fresh;
        view.wrap(fresh);
        head = position;
    }

    /** Room for {@code count} entries (the newest included), re-indexed when it grows. */
    private void ensureEntries(final int count)
    {
        if (count <= mask + 1)
        {
            markAppending(at(latestSeq));
            return;
        }
        int capacity = Math.max(INITIAL_ENTRIES, mask + 1);
        while (capacity < count)
        {
            capacity <<= 1;
        }
        final int newMask = capacity - 1;
        final long[] fresh = new long[capacity * STRIDE];
        for (long seq = oldestSeq; seq < latestSeq; seq++)
        {
            System.arraycopy(entries, at(seq), fresh, (int)(seq & newMask) * STRIDE, STRIDE);
        }
        entries = fresh;
        mask = newMask;
        markAppending(at(latestSeq));
    }

    private void markAppending(final int e)
    {
        entries[e + ORIGIN] = BEING_APPENDED;
        setLengths(e, 0, 0, LinkEventEncoder.ENTRY_ORIGINAL);
    }
}
