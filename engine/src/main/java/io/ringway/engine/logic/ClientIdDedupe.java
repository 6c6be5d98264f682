package io.ringway.engine.logic;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * One room's client message ids seen within the dedupe window: a retried publish (same user, same
 * client message id) is answered with the seq of the first one and not delivered again.
 *
 * <p>Keyed by a 64-bit hash of (user, client message id), so no per-message object; ids expire in
 * journal-time order from a FIFO of primitive arrays (journal timestamps never decrease), so the
 * outcome is a pure function of the journal. Two different (user, id) pairs with the same 64-bit hash
 * would be taken for a retry: a chance of about n²/2⁶⁵ for n ids in the window.
 *
 * <p>Plain fields and arrays only, so a snapshot can write and read them as they are.
 */
final class ClientIdDedupe
{
    private static final long NONE = -1L;
    /**
     * At most this many ids per room, whatever the window: a room that gets a client message id on
     * every publish would otherwise hold rate × window of them. Beyond it the oldest is forgotten
     * early, so a retry of it would be delivered again. Journal-ordered, so replays decide the same.
     */
    static final int MAX_IDS = 65_536;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final Long2LongHashMap seqByKey = new Long2LongHashMap(NONE);
    private long[] keys = new long[16];
    private long[] seqs = new long[16];
    private long[] timestamps = new long[16];
    private int first;
    private int count;

    /** The seq first published under this key, or -1; forgets keys older than {@code windowMs} first. */
    long seqOf(final long key, final long nowMs, final long windowMs)
    {
        expire(nowMs, windowMs);
        return seqByKey.get(key);
    }

    /** Remembers that {@code key} was published as {@code seq} at {@code nowMs}. */
    void record(final long key, final long seq, final long nowMs)
    {
        if (count == MAX_IDS)
        {
            forgetOldest();
        }
        if (count == keys.length)
        {
            grow();
        }
        final int at = (first + count) & (keys.length - 1);
        keys[at] = key;
        seqs[at] = seq;
        timestamps[at] = nowMs;
        count++;
        seqByKey.put(key, seq);
    }

    int size()
    {
        return count;
    }

    /** The {@code i}-th oldest id remembered (for a snapshot; {@link #record} in this order rebuilds the same state). */
    long keyAt(final int i)
    {
        return keys[(first + i) & (keys.length - 1)];
    }

    long seqAt(final int i)
    {
        return seqs[(first + i) & (keys.length - 1)];
    }

    long timestampAt(final int i)
    {
        return timestamps[(first + i) & (keys.length - 1)];
    }

    private void expire(final long nowMs, final long windowMs)
    {
        while (count > 0 && nowMs - timestamps[first] >= windowMs)
        {
            forgetOldest();
        }
    }

    private void forgetOldest()
    {
        if (seqByKey.get(keys[first]) == seqs[first])
        {
            seqByKey.remove(keys[first]);
        }
        first = (first + 1) & (keys.length - 1);
        count--;
    }

    private void grow()
    {
        final int capacity = keys.length * 2;
        final long[] newKeys = new long[capacity];
        final long[] newSeqs = new long[capacity];
        final long[] newTimestamps = new long[capacity];
        for (int i = 0; i < count; i++)
        {
            final int from = (first + i) & (keys.length - 1);
            newKeys[i] = keys[from];
            newSeqs[i] = seqs[from];
            newTimestamps[i] = timestamps[from];
        }
        keys = newKeys;
        seqs = newSeqs;
        timestamps = newTimestamps;
        first = 0;
    }

    /** FNV-1a over the user's name, a separator and the client id, finished with a 64-bit mix. */
    static long key(final byte[] user, final DirectBuffer id, final int idOffset, final int idLength)
    {
        long hash = FNV_OFFSET;
        for (final byte b : user)
        {
            hash = (hash ^ (b & 0xFF)) * FNV_PRIME;
        }
        hash = (hash ^ 0x100) * FNV_PRIME; // not a byte value: "ab"+"c" and "a"+"bc" differ
        for (int i = 0; i < idLength; i++)
        {
            hash = (hash ^ (id.getByte(idOffset + i) & 0xFF)) * FNV_PRIME;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return hash;
    }
}
