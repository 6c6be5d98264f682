package io.ringway.gateway.session;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TypingThrottleTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final TypingThrottle throttle = new TypingThrottle();
    /** Any start value: nanoTime is arbitrary, even negative. */
    private long now = -5_000 * MS;

    private boolean start(final String room)
    {
        return forward(room, true);
    }

    private boolean stop(final String room)
    {
        return forward(room, false);
    }

    private boolean forward(final String room, final boolean start)
    {
        // The name at a non-zero offset in its buffer.
        final byte[] bytes = ("##" + room).getBytes(StandardCharsets.UTF_8);
        return throttle.tryForward(new UnsafeBuffer(bytes), 2, bytes.length - 2, start, now);
    }

    @Test
    void shouldForwardTheFirstCommandForARoomWhateverItsState()
    {
        assertTrue(start("a"));
        assertTrue(stop("b"), "a stop for a room not seen yet may stop a start sent before it was tracked");
    }

    @Test
    void shouldHoldBackAStartRefreshUntilHalfASecondHasPassed()
    {
        assertTrue(start("lobby"));
        now += 499 * MS;
        assertFalse(start("lobby"));
        now += MS;
        assertTrue(start("lobby"));
        now += 10 * MS;
        assertFalse(start("lobby"), "the interval counts from the last forwarded start");
    }

    @Test
    void shouldForwardAStopOnlyAfterAForwardedStart()
    {
        assertTrue(start("lobby"));
        assertTrue(stop("lobby"));
        assertFalse(stop("lobby"));
        now += 10_000 * MS;
        assertFalse(stop("lobby"), "still nothing to stop");
        assertTrue(start("lobby"), "start after stop is a change: not held back");
        assertTrue(stop("lobby"));
    }

    @Test
    void shouldKeepRoomsApartWhenNamesDiffer()
    {
        assertTrue(start("lobby"));
        assertTrue(start("lobby2"));
        assertTrue(start("Lobby"));
        assertFalse(start("lobby"));
    }

    @Test
    void shouldForgetTheLeastRecentlyUsedRoomWhenMoreThanEightAreTyped()
    {
        for (int i = 0; i < TypingThrottle.ROOMS; i++)
        {
            assertTrue(start("room-" + i));
            now += MS;
        }
        now += 2 * MS;
        assertFalse(start("room-0"), "tracked: a refresh too soon");
        assertTrue(start("room-8"), "a ninth room evicts room-0, the least recently used");
        assertTrue(start("room-0"), "room-0 is new again");
        assertFalse(start("room-8"), "room-8 is still tracked");
    }

    @Test
    void shouldAllowTwentyCommandsPerSecondPerConnection()
    {
        int forwarded = 0;
        for (int i = 0; i < 2 * TypingThrottle.MAX_PER_SECOND; i++)
        {
            forwarded += start("r" + (i % 4)) ? 1 : 0;
            forwarded += stop("r" + (i % 4)) ? 1 : 0;
        }
        assertEquals(TypingThrottle.MAX_PER_SECOND, forwarded);
        now += 1_000 * MS;
        assertTrue(start("r9"));
    }

    @Test
    void shouldGiveTypingKeysPerRoomAndUserWhenNamesAreSplitDifferently()
    {
        final UnsafeBuffer abc = new UnsafeBuffer("abc".getBytes(StandardCharsets.US_ASCII));
        final long ab_c = NameHash.typingKey(abc, 0, 2, abc, 2, 1);
        final long a_bc = NameHash.typingKey(abc, 0, 1, abc, 1, 2);
        assertNotEquals(ab_c, a_bc);
        assertEquals(ab_c, NameHash.typingKey(new UnsafeBuffer("ab".getBytes(StandardCharsets.US_ASCII)), 0, 2,
            new UnsafeBuffer("xc".getBytes(StandardCharsets.US_ASCII)), 1, 1));
        assertNotEquals(NameHash.typingKey(abc, 0, 1, abc, 1, 1), NameHash.typingKey(abc, 1, 1, abc, 0, 1), "room and user are not interchangeable");
    }
}
