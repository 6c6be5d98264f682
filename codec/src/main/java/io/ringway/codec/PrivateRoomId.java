package io.ringway.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The stable room id of the private conversation of two users:
 * {@code dm:} + the byte length of the first user id in decimal + {@code :} + the first user id + the second,
 * the two ids in unsigned byte order (so either user gets the same id) and UTF-8.
 * For alice and bob: {@code dm:5:alicebob}.
 *
 * <p>The length prefix makes the id unambiguous whatever the ids contain, {@code :} included: from
 * the length the first id is known, and the rest is the second, so no two pairs share an id.
 * Room names starting with {@link #PREFIX} are reserved: no open room or group can have one.
 * Writes into a caller's buffer: no allocation.
 */
public final class PrivateRoomId
{
    /** {@code dm:} */
    public static final byte[] PREFIX = {'d', 'm', ':'};
    /** Longest id of two user ids of at most 128 bytes each (the gateway's name limit): {@code dm:128:} + 256 bytes. */
    public static final int MAX_CLIENT_LENGTH = PREFIX.length + 3 + 1 + 2 * 128;

    private PrivateRoomId()
    {
    }

    /** True when the name starts with the reserved {@link #PREFIX}. */
    public static boolean isReserved(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < PREFIX.length)
        {
            return false;
        }
        for (int i = 0; i < PREFIX.length; i++)
        {
            if (buffer.getByte(offset + i) != PREFIX[i])
            {
                return false;
            }
        }
        return true;
    }

    /** At least the bytes of the id of two user ids of these lengths (what {@link #write} needs). */
    public static int length(final int aLength, final int bLength)
    {
        // An upper bound: the prefix holds the length of one of the two, never more digits than the longer one's.
        return PREFIX.length + digits(Math.max(aLength, bLength)) + 1 + aLength + bLength;
    }

    /**
     * Writes the id of users {@code a} and {@code b} at {@code offset}; the order of the arguments does not matter.
     * The buffer must hold {@link #length} bytes.
     *
     * @return the bytes written
     */
    public static int write(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer a, final int aOffset, final int aLength,
        final DirectBuffer b, final int bOffset, final int bLength)
    {
        final boolean aFirst = compare(a, aOffset, aLength, b, bOffset, bLength) <= 0;
        final DirectBuffer first = aFirst ? a : b;
        final int firstOffset = aFirst ? aOffset : bOffset;
        final int firstLength = aFirst ? aLength : bLength;
        final DirectBuffer second = aFirst ? b : a;
        final int secondOffset = aFirst ? bOffset : aOffset;
        final int secondLength = aFirst ? bLength : aLength;
        int p = offset;
        out.putBytes(p, PREFIX);
        p += PREFIX.length;
        p += out.putIntAscii(p, firstLength);
        out.putByte(p++, (byte)':');
        out.putBytes(p, first, firstOffset, firstLength);
        p += firstLength;
        out.putBytes(p, second, secondOffset, secondLength);
        p += secondLength;
        return p - offset;
    }

    /** Unsigned byte-wise order; a proper prefix comes first. */
    static int compare(
        final DirectBuffer a, final int aOffset, final int aLength, final DirectBuffer b, final int bOffset, final int bLength)
    {
        final int common = Math.min(aLength, bLength);
        for (int i = 0; i < common; i++)
        {
            final int diff = (a.getByte(aOffset + i) & 0xFF) - (b.getByte(bOffset + i) & 0xFF);
            if (diff != 0)
            {
                return diff;
            }
        }
        return aLength - bLength;
    }

    private static int digits(final int value)
    {
        int digits = 1;
        for (int v = value; v >= 10; v /= 10)
        {
            digits++;
        }
        return digits;
    }
}
