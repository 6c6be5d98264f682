package io.ringway.codec.frame;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameTypeTest
{
    @Test
    void shouldKeepSeedProtocolValuesWhenTypesAreAdded()
    {
        assertEquals(0x01, FrameType.HELLO);
        assertEquals(0x02, FrameType.JOIN_ROOM);
        assertEquals(0x03, FrameType.LEAVE_ROOM);
        assertEquals(0x04, FrameType.MESSAGE);
        assertEquals(0x05, FrameType.HEARTBEAT);
        assertEquals(0x06, FrameType.ERROR);
        assertEquals(0x07, FrameType.ACK);
        assertEquals(0x08, FrameType.TYPING);
        assertEquals(0x09, FrameType.PRESENCE);
        assertEquals(0x0A, FrameType.CREATE_GROUP);
        assertEquals(0x0B, FrameType.ADD_MEMBER);
        assertEquals(0x0C, FrameType.REMOVE_MEMBER);
        assertEquals(0x0D, FrameType.PRIVATE);
    }

    @Test
    void shouldBeKnownWhenTypeIsDefined()
    {
        for (int type = FrameType.HELLO; type <= FrameType.PRIVATE; type++)
        {
            assertTrue(FrameType.isKnown(type), "type " + type);
            assertFalse(FrameType.name(type).startsWith("UNKNOWN"), "type " + type);
        }
    }

    @Test
    void shouldBeUnknownWhenTypeIsOutOfRange()
    {
        for (final int type : new int[] { 0, 0x0E, 0x0F, 0x7F, 0xFF, -1, 256 })
        {
            assertFalse(FrameType.isKnown(type), "type " + type);
            assertEquals("UNKNOWN(" + type + ")", FrameType.name(type));
        }
    }

    @Test
    void shouldNameTypesWhenKnown()
    {
        assertEquals("HELLO", FrameType.name(FrameType.HELLO));
        assertEquals("JOIN_ROOM", FrameType.name(FrameType.JOIN_ROOM));
        assertEquals("LEAVE_ROOM", FrameType.name(FrameType.LEAVE_ROOM));
        assertEquals("MESSAGE", FrameType.name(FrameType.MESSAGE));
        assertEquals("HEARTBEAT", FrameType.name(FrameType.HEARTBEAT));
        assertEquals("ERROR", FrameType.name(FrameType.ERROR));
        assertEquals("ACK", FrameType.name(FrameType.ACK));
        assertEquals("TYPING", FrameType.name(FrameType.TYPING));
        assertEquals("PRESENCE", FrameType.name(FrameType.PRESENCE));
    }
}
