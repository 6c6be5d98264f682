package io.ringway.engine.logic;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Running 64-bit digest of the outbound event stream, the proof that a replay reproduced the
 * run byte for byte: same journal in, same digest out. It is an xxHash64-style mix (fast,
 * allocation-free, good avalanche), chained event to event; it detects divergence, it is not a
 * security feature.
 */
public final class OutboundDigest
{
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private long value;

    public OutboundDigest()
    {
        this(0L);
    }

    public OutboundDigest(final long initialValue)
    {
        this.value = initialValue;
    }

    public void update(final DirectBuffer buffer, final int offset, final int length)
    {
        long h = value + P5 + length;
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            long k = buffer.getLong(offset + i, LITTLE_ENDIAN) * P2;
            k = Long.rotateLeft(k, 31) * P1;
            h ^= k;
            h = Long.rotateLeft(h, 27) * P1 + P3;
        }
        for (; i < length; i++)
        {
            h ^= (buffer.getByte(offset + i) & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        value = h;
    }

    public long value()
    {
        return value;
    }

    public static String toHex(final long digest)
    {
        final String hex = Long.toHexString(digest);
        return "0000000000000000".substring(hex.length()) + hex;
    }
}
