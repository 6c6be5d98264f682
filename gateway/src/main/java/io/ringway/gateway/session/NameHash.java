package io.ringway.gateway.session;

import org.agrona.DirectBuffer;

/**
 * 64-bit FNV-1a over UTF-8 names straight from a buffer: no String, no allocation. Used where the
 * gateway needs a compact key for a name (typing throttle, REALTIME lane keys); a collision only
 * conflates two keys of one connection, with a chance of about n²/2⁶⁵ for n live keys.
 */
public final class NameHash
{
    public static final long SEED = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    /** Never a byte of UTF-8: separates the names of a composite key, so ("ab","c") and ("a","bc") differ. */
    private static final int SEPARATOR = 0xFF;

    private NameHash()
    {
    }

    /** Continues {@code hash} over {@code length} bytes at {@code offset}. */
    public static long hash(final long hash, final DirectBuffer buffer, final int offset, final int length)
    {
        long h = hash;
        for (int i = 0; i < length; i++)
        {
            h = (h ^ (buffer.getByte(offset + i) & 0xFF)) * PRIME;
        }
        return h;
    }

    /** The REALTIME lane key of a typing state: one per (room, user) pair, so a newer state replaces an older one. */
    public static long typingKey(
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer user, final int userOffset, final int userLength)
    {
        long h = hash(SEED ^ 0x7479706EL, room, roomOffset, roomLength); // "typn": other REALTIME kinds use other seeds
        h = (h ^ SEPARATOR) * PRIME;
        return hash(h, user, userOffset, userLength);
    }
}
