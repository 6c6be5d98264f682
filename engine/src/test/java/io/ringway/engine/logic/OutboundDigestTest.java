package io.ringway.engine.logic;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundDigestTest
{
    private static byte[] bytes(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 131 + seed * 17 + 3);
        }
        return bytes;
    }

    private static long digestOf(final byte[]... events)
    {
        final OutboundDigest digest = new OutboundDigest();
        for (final byte[] event : events)
        {
            digest.update(new UnsafeBuffer(event), 0, event.length);
        }
        return digest.value();
    }

    @Test
    void shouldBeXxHash64SeededWithThePreviousValueWhenOneEventIsDigested()
    {
        // Reference values of xxHash64 (seed 0): "" and "abc", from the algorithm's published test vectors.
        assertEquals(0xEF46DB3751D8E999L, digestOf(new byte[0]));
        assertEquals(0x44BC2CF5AD770999L, digestOf("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Test
    void shouldStartAtZeroOrAtTheInitialValue()
    {
        assertEquals(0L, new OutboundDigest().value());
        assertEquals(0x1234L, new OutboundDigest(0x1234L).value());
    }

    @Test
    void shouldGiveSameDigestWhenSameBytesAreDigested()
    {
        for (final int length : new int[]{0, 1, 7, 8, 9, 16, 63, 64, 1000})
        {
            assertEquals(digestOf(bytes(length, 1)), digestOf(bytes(length, 1)), "length " + length);
            assertEquals(digestOf(bytes(length, 1), bytes(length, 2)), digestOf(bytes(length, 1), bytes(length, 2)));
        }
    }

    @Test
    void shouldGiveSameDigestWhenSameBytesSitAtDifferentOffsetsOrInDifferentBufferKinds()
    {
        final byte[] event = bytes(77, 5);
        final byte[] padded = new byte[event.length + 40];
        System.arraycopy(event, 0, padded, 13, event.length);
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(200));
        direct.putBytes(3, event);

        final OutboundDigest atOffset = new OutboundDigest();
        atOffset.update(new UnsafeBuffer(padded), 13, event.length);
        final OutboundDigest inDirect = new OutboundDigest();
        inDirect.update(direct, 3, event.length);

        assertEquals(digestOf(event), atOffset.value());
        assertEquals(digestOf(event), inDirect.value());
    }

    @Test
    void shouldGiveDifferentDigestWhenAnySingleBitIsFlipped()
    {
        final byte[] event = bytes(37, 9); // 4 whole 8-byte words and a 5-byte tail
        final long original = digestOf(event);
        final Set<Long> seen = new HashSet<>();
        seen.add(original);
        for (int bit = 0; bit < event.length * 8; bit++)
        {
            final byte[] flipped = event.clone();
            flipped[bit >>> 3] ^= (byte)(1 << (bit & 7));
            final long digest = digestOf(flipped);
            assertNotEquals(original, digest, "bit " + bit);
            assertTrue(seen.add(digest), "collision at bit " + bit);
        }
    }

    @Test
    void shouldGiveDifferentDigestWhenEventsComeInADifferentOrder()
    {
        final byte[] a = bytes(24, 1);
        final byte[] b = bytes(24, 2);
        assertNotEquals(digestOf(a, b), digestOf(b, a));
    }

    @Test
    void shouldGiveDifferentDigestWhenWordsOrBytesWithinAnEventAreSwapped()
    {
        final byte[] event = bytes(16, 4);
        final byte[] wordsSwapped = new byte[16];
        System.arraycopy(event, 8, wordsSwapped, 0, 8);
        System.arraycopy(event, 0, wordsSwapped, 8, 8);
        assertNotEquals(digestOf(event), digestOf(wordsSwapped));

        final byte[] tail = bytes(5, 4);
        final byte[] tailSwapped = tail.clone();
        tailSwapped[0] = tail[1];
        tailSwapped[1] = tail[0];
        assertNotEquals(digestOf(tail), digestOf(tailSwapped));
    }

    @Test
    void shouldGiveDifferentDigestWhenEventBoundariesDiffer()
    {
        final byte[] whole = bytes(20, 3);
        final byte[] head = new byte[8];
        final byte[] rest = new byte[12];
        System.arraycopy(whole, 0, head, 0, 8);
        System.arraycopy(whole, 8, rest, 0, 12);
        assertNotEquals(digestOf(whole), digestOf(head, rest));
        assertNotEquals(digestOf(new byte[0]), digestOf(new byte[0], new byte[0]));
        assertNotEquals(digestOf(new byte[0]), digestOf(new byte[1]));
    }

    @Test
    void shouldChainFromThePreviousValue()
    {
        final byte[] a = bytes(10, 1);
        final byte[] b = bytes(10, 2);
        final OutboundDigest first = new OutboundDigest();
        first.update(new UnsafeBuffer(a), 0, a.length);
        final OutboundDigest resumed = new OutboundDigest(first.value());
        resumed.update(new UnsafeBuffer(b), 0, b.length);
        assertEquals(digestOf(a, b), resumed.value());
    }

    @Test
    void shouldFormatAsSixteenLowercaseHexCharacters()
    {
        assertEquals("0000000000000000", OutboundDigest.toHex(0L));
        assertEquals("0000000000000001", OutboundDigest.toHex(1L));
        assertEquals("00000000deadbeef", OutboundDigest.toHex(0xDEADBEEFL));
        assertEquals("ffffffffffffffff", OutboundDigest.toHex(-1L));
        assertEquals("8000000000000000", OutboundDigest.toHex(Long.MIN_VALUE));
        assertEquals("7fffffffffffffff", OutboundDigest.toHex(Long.MAX_VALUE));
        final long digest = digestOf(bytes(50, 7));
        final String hex = OutboundDigest.toHex(digest);
        assertEquals(16, hex.length());
        assertTrue(hex.matches("[0-9a-f]{16}"), hex);
        assertEquals(digest, Long.parseUnsignedLong(hex, 16));
    }
}
