package io.ringway.gateway.auth;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomGrantsTest
{
    private static final RoomGrants GRANTS = RoomGrants.fromClaim(
        Map.of("join", List.of("lobby", "game-*", "é-*"), "publish", List.of("lobby")));

    @Test
    void shouldBeUnrestrictedWhenTokenHasNoRoomsClaim()
    {
        assertSame(RoomGrants.UNRESTRICTED, RoomGrants.fromClaim(null));
        assertTrue(RoomGrants.UNRESTRICTED.allowsJoin(room("anything"), 0, 8));
        assertTrue(RoomGrants.UNRESTRICTED.allowsPublish(room("anything"), 0, 8));
    }

    @Test
    void shouldAllowExactNamesAndPrefixesWhenPatternEndsWithStar()
    {
        assertTrue(allowsJoin(GRANTS, "lobby"));
        assertTrue(allowsJoin(GRANTS, "game-"));
        assertTrue(allowsJoin(GRANTS, "game-42"));
        assertTrue(allowsJoin(GRANTS, "é-1"));
        assertFalse(allowsJoin(GRANTS, "lobby2"), "an exact name is not a prefix");
        assertFalse(allowsJoin(GRANTS, "lobb"));
        assertFalse(allowsJoin(GRANTS, "game"));
        assertFalse(allowsJoin(GRANTS, "games"));
        assertFalse(allowsJoin(GRANTS, "GAME-1"), "names are compared byte for byte");
        assertTrue(allowsPublish(GRANTS, "lobby"));
        assertFalse(allowsPublish(GRANTS, "game-42"));
    }

    @Test
    void shouldMatchTheRoomAtItsOffsetWhenItSitsInsideALargerBuffer()
    {
        final UnsafeBuffer fields = room("\"1\"game-9lobby");

        assertTrue(GRANTS.allowsJoin(fields, 3, 6));
        assertTrue(GRANTS.allowsPublish(fields, 9, 5));
        assertFalse(GRANTS.allowsPublish(fields, 3, 6));
    }

    @Test
    void shouldAllowEveryRoomWhenPatternIsALoneStar()
    {
        final RoomGrants any = RoomGrants.fromClaim(Map.of("join", List.of("*"), "publish", List.of("news-*")));

        assertTrue(allowsJoin(any, "x"));
        assertTrue(allowsJoin(any, "news-1"));
        assertFalse(allowsPublish(any, "x"));
    }

    @Test
    void shouldDenyAnActionWhenTheClaimLeavesOutItsList()
    {
        final RoomGrants readOnly = RoomGrants.fromClaim(Map.of("join", List.of("lobby")));
        final RoomGrants nothing = RoomGrants.fromClaim(Map.of());

        assertTrue(allowsJoin(readOnly, "lobby"));
        assertFalse(allowsPublish(readOnly, "lobby"));
        assertFalse(nothing.isUnrestricted());
        assertFalse(allowsJoin(nothing, "lobby"));
        assertFalse(allowsJoin(RoomGrants.fromClaim(Map.of("join", List.of())), "lobby"));
    }

    @Test
    void shouldRejectClaimWhenItIsNotAnObjectOfStringArraysOfValidPatterns()
    {
        final List<Object> invalid = new ArrayList<>(List.of(
            "lobby",
            List.of("lobby"),
            Map.of("join", "lobby"),
            Map.of("join", List.of(7)),
            Map.of("publish", List.of("ga*me")),
            Map.of("publish", List.of("**")),
            Map.of("join", List.of("")),
            Map.of("join", List.of("r".repeat(129))),
            Map.of("join", Collections.nCopies(RoomGrants.MAX_PATTERNS + 1, "lobby"))));
        invalid.add(Map.of("join", java.util.Arrays.asList("lobby", null)));

        for (final Object claim : invalid)
        {
            assertThrows(IllegalArgumentException.class, () -> RoomGrants.fromClaim(claim), () -> "accepted " + claim);
        }
        assertTrue(allowsJoin(RoomGrants.fromClaim(Map.of("join", List.of("r".repeat(128)))), "r".repeat(128)));
    }

    @Test
    void shouldNotAllocateWhenCheckingRoomsAfterWarmUp()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported())
        {
            throw new AssertionError("thread allocation accounting is not supported by this JVM");
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        final UnsafeBuffer fields = room("game-42lobbyelsewhere");
        for (int i = 0; i < 50_000; i++)
        {
            check(fields);
        }

        final long overhead = -threads.getCurrentThreadAllocatedBytes() + threads.getCurrentThreadAllocatedBytes();
        long fewestBytes = Long.MAX_VALUE;
        for (int round = 0; round < 5 && fewestBytes != 0; round++)
        {
            int allowed = 0;
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++)
            {
                allowed += check(fields);
            }
            final long after = threads.getCurrentThreadAllocatedBytes();
            assertEquals(20_000, allowed);
            fewestBytes = Math.min(fewestBytes, after - before - overhead);
        }
        assertEquals(0L, fewestBytes, "bytes allocated by 10,000 rounds of room checks, fewest of five rounds");
    }

    private static int check(final UnsafeBuffer fields)
    {
        return (GRANTS.allowsJoin(fields, 0, 7) ? 1 : 0) + (GRANTS.allowsPublish(fields, 7, 5) ? 1 : 0) +
            (GRANTS.allowsPublish(fields, 12, 9) ? 1 : 0);
    }

    private static boolean allowsJoin(final RoomGrants grants, final String room)
    {
        final UnsafeBuffer buffer = room(room);
        return grants.allowsJoin(buffer, 0, buffer.capacity());
    }

    private static boolean allowsPublish(final RoomGrants grants, final String room)
    {
        final UnsafeBuffer buffer = room(room);
        return grants.allowsPublish(buffer, 0, buffer.capacity());
    }

    private static UnsafeBuffer room(final String name)
    {
        return new UnsafeBuffer(name.getBytes(StandardCharsets.UTF_8));
    }
}
