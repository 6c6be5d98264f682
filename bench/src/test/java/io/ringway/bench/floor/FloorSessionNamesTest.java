package io.ringway.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FloorSessionNamesTest
{
    private static boolean validId(final String id)
    {
        final ByteBuf buf = Unpooled.copiedBuffer(id, StandardCharsets.UTF_8);
        try
        {
            return FloorSession.isValidId(buf, 0, buf.writerIndex());
        }
        finally
        {
            buf.release();
        }
    }

    private static boolean safeRoom(final String room)
    {
        final ByteBuf buf = Unpooled.copiedBuffer("\"" + room + "\"", StandardCharsets.UTF_8);
        try
        {
            return FloorSession.isSafeName(buf, 0, buf.writerIndex());
        }
        finally
        {
            buf.release();
        }
    }

    @Test
    void shouldAcceptIdWhenStringOrIntegerUpTo64Bytes()
    {
        assertTrue(validId("\"join\""));
        assertTrue(validId("7"));
        assertTrue(validId("-7"));
        assertTrue(validId("\"" + "x".repeat(64) + "\""));
        assertTrue(validId("1".repeat(64)));
    }

    @Test
    void shouldRefuseIdWhenTooLongOrNotStringOrInteger()
    {
        assertFalse(validId("\"" + "x".repeat(65) + "\""));
        assertFalse(validId("1".repeat(65)));
        assertFalse(validId("1.5"));
        assertFalse(validId("-"));
        assertFalse(validId("true"));
        assertFalse(validId("{\"a\":1}"));
    }

    @Test
    void shouldAcceptNameWhenItNeedsNoJsonEscaping()
    {
        assertTrue(FloorSession.isSafeName("lg-1a2b-pub"));
        assertTrue(FloorSession.isSafeName("a.b_c:D-9"));
        assertTrue(FloorSession.isSafeName("r".repeat(128)));
        assertTrue(safeRoom("lg-1a2b-fanout"));
        assertTrue(safeRoom("r".repeat(128)));
    }

    @Test
    void shouldRefuseNameWhenEmptyTooLongOrOutsideSafeSet()
    {
        for (final String bad : new String[] {"", "r".repeat(129), "a b", "a\"b", "a\\b", "é", "{\"n\":1}"})
        {
            assertFalse(FloorSession.isSafeName(bad), bad);
            assertFalse(safeRoom(bad), bad);
        }
        assertFalse(FloorSession.isSafeName(null));
    }
}
