package io.ringway.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorCodeTest
{
    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void shouldRoundTripWhenWireIdIsKnown(final ErrorCode code)
    {
        assertEquals(code, ErrorCode.fromWireId(code.wireId()));
    }

    @Test
    void shouldReturnInternalWhenWireIdIsUnknown()
    {
        int max = 0;
        for (final ErrorCode code : ErrorCode.values())
        {
            max = Math.max(max, code.wireId());
        }
        final int[] unknown = { 0, -1, max + 1, max + 100, 0xFFFF, Integer.MAX_VALUE, Integer.MIN_VALUE };
        for (final int wireId : unknown)
        {
            assertEquals(ErrorCode.INTERNAL, ErrorCode.fromWireId(wireId), "wire id " + wireId);
        }
    }

    @Test
    void shouldKeepWireIdsWhenNewCodesAreAdded()
    {
        // Journals carry the wire id: these must never be renumbered.
        assertEquals(1, ErrorCode.BAD_REQUEST.wireId());
        assertEquals(2, ErrorCode.UNKNOWN_TYPE.wireId());
        assertEquals(3, ErrorCode.NOT_MEMBER.wireId());
        assertEquals(4, ErrorCode.UNAUTHENTICATED.wireId());
        assertEquals(5, ErrorCode.TOO_LARGE.wireId());
        assertEquals(6, ErrorCode.OVERLOADED.wireId());
        assertEquals(7, ErrorCode.SLOW_CONSUMER.wireId());
        assertEquals(8, ErrorCode.BAD_FRAME.wireId());
        assertEquals(9, ErrorCode.UNSUPPORTED_VERSION.wireId());
        assertEquals(10, ErrorCode.INTERNAL.wireId());
        assertEquals(11, ErrorCode.ALREADY_AUTHENTICATED.wireId());
        assertEquals(12, ErrorCode.IDLE_TIMEOUT.wireId());
        assertEquals(13, ErrorCode.INBOX_FULL.wireId());
        assertEquals(14, ErrorCode.FORBIDDEN.wireId());
        assertEquals(15, ErrorCode.ROOM_EXISTS.wireId());
        assertEquals(16, ErrorCode.NOT_ALLOWED.wireId());
        assertEquals(17, ErrorCode.TOO_MANY_ROOMS.wireId());
        assertEquals(18, ErrorCode.GROUP_FULL.wireId());
        assertEquals(19, ErrorCode.ALREADY_MEMBER.wireId());
        assertEquals(20, ErrorCode.NOT_FOUND.wireId());
        assertEquals(21, ErrorCode.NOT_AUTHOR.wireId());
        assertEquals(22, ErrorCode.HISTORY_UNAVAILABLE.wireId());
        assertEquals(23, ErrorCode.JOURNAL_UNAVAILABLE.wireId());
        assertEquals(24, ErrorCode.JOURNAL_OUTCOME_UNKNOWN.wireId());
    }

    @Test
    void shouldHaveUniqueWireIdsAndCodesWhenAllValuesAreListed()
    {
        final Set<Integer> wireIds = new HashSet<>();
        final Set<String> codes = new HashSet<>();
        for (final ErrorCode code : ErrorCode.values())
        {
            assertTrue(code.wireId() > 0 && code.wireId() <= 0xFFFF, "wire id fits the link's u16: " + code);
            assertTrue(wireIds.add(code.wireId()), "duplicate wire id " + code.wireId());
            assertTrue(codes.add(code.code()), "duplicate code " + code.code());
            assertTrue(code.code().matches("[a-z_]+"), "code is a JSON-safe identifier: " + code.code());
            assertEquals(code.name().toLowerCase(), code.code());
            assertNotNull(code.defaultMessage());
            assertFalse(code.defaultMessage().isEmpty());
        }
    }
}
