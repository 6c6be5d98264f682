package io.ringway.engine.logic;

import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;

/**
 * Running 64-bit digest of the outbound event stream, the proof that a replay reproduced the
 * run byte for byte: same journal in, same digest out. Each event is hashed with xxHash64, seeded
 * with the digest so far, so the value depends on every event's bytes, their boundaries and their
 * order. It detects divergence; it is not a security feature.
 *
 * <p>xxHash64 (lz4-java's pure-Java instance, no JNI) hashes 32-byte stripes in four independent
 * lanes: every event the business logic emits passes through here, and a one-lane chained mix
 * was the largest single cost on the logic thread. No allocation.
 */
public final class OutboundDigest
{
    private static final XXHash64 XXHASH64 = XXHashFactory.fastestJavaInstance().hash64();

    private long value;
    /** Only for buffers that are neither array- nor ByteBuffer-backed (raw addresses); grown on demand. */
    private byte[] staging = new byte[0];

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
        buffer.boundsCheck(offset, length);
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            value = XXHASH64.hash(array, buffer.wrapAdjustment() + offset, length, value);
            return;
        }
        final ByteBuffer byteBuffer = buffer.byteBuffer(); // direct: wrapAdjustment() is the index into it
        if (byteBuffer != null)
        {
            value = XXHASH64.hash(byteBuffer, buffer.wrapAdjustment() + offset, length, value);
            return;
        }
        if (staging.length < length)
        {
            staging = new byte[length];
        }
        buffer.getBytes(offset, staging, 0, length);
        value = XXHASH64.hash(staging, 0, length, value);
    }

    /** Continues from a digest value taken earlier (state loaded from a snapshot). */
    void restore(final long value)
    {
        this.value = value;
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
