package io.ringway.codec.link;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkTypeTest
{
    private static final int[] COMMANDS = {
        LinkType.SESSION_OPEN, LinkType.SESSION_CLOSE, LinkType.JOIN, LinkType.LEAVE, LinkType.PUBLISH,
        LinkType.DIRECT, LinkType.GATEWAY_RESET, LinkType.TYPING, LinkType.PRESENCE_QUERY,
        LinkType.CREATE_GROUP, LinkType.ADD_MEMBER, LinkType.REMOVE_MEMBER, LinkType.OPEN_PRIVATE };
    private static final int[] EVENTS = { LinkType.ACK, LinkType.ERROR, LinkType.ROOM_MESSAGE, LinkType.DIRECT_MESSAGE,
        LinkType.ROOM_PRESENCE, LinkType.ROOM_TYPING, LinkType.PRESENCE_REPLY,
        LinkType.MEMBER_ADDED, LinkType.MEMBER_REMOVED, LinkType.ROOM_ACK };

    @Test
    void shouldKeepJournaledValuesWhenTypesAreAdded()
    {
        assertEquals(0x01, LinkType.SESSION_OPEN);
        assertEquals(0x02, LinkType.SESSION_CLOSE);
        assertEquals(0x03, LinkType.JOIN);
        assertEquals(0x04, LinkType.LEAVE);
        assertEquals(0x05, LinkType.PUBLISH);
        assertEquals(0x06, LinkType.DIRECT);
        assertEquals(0x07, LinkType.GATEWAY_RESET);
        assertEquals(0x08, LinkType.TYPING);
        assertEquals(0x09, LinkType.PRESENCE_QUERY);
        assertEquals(0x41, LinkType.ACK);
        assertEquals(0x42, LinkType.ERROR);
        assertEquals(0x43, LinkType.ROOM_MESSAGE);
        assertEquals(0x44, LinkType.DIRECT_MESSAGE);
        assertEquals(0x45, LinkType.ROOM_PRESENCE);
        assertEquals(0x46, LinkType.ROOM_TYPING);
        assertEquals(0x47, LinkType.PRESENCE_REPLY);
        assertEquals(0x0A, LinkType.CREATE_GROUP);
        assertEquals(0x0B, LinkType.ADD_MEMBER);
        assertEquals(0x0C, LinkType.REMOVE_MEMBER);
        assertEquals(0x0D, LinkType.OPEN_PRIVATE);
        assertEquals(0x48, LinkType.MEMBER_ADDED);
        assertEquals(0x49, LinkType.MEMBER_REMOVED);
        assertEquals(0x4A, LinkType.ROOM_ACK);
    }

    @Test
    void shouldClassifyCommandsWhenTypeIsBelow0x40()
    {
        for (final int type : COMMANDS)
        {
            assertTrue(type < 0x40);
            assertTrue(LinkType.isCommand(type), LinkType.name(type));
            assertFalse(LinkType.isEvent(type), LinkType.name(type));
        }
    }

    @Test
    void shouldClassifyEventsWhenTypeIs0x40OrAbove()
    {
        for (final int type : EVENTS)
        {
            assertTrue(type >= 0x40);
            assertTrue(LinkType.isEvent(type), LinkType.name(type));
            assertFalse(LinkType.isCommand(type), LinkType.name(type));
        }
    }

    @Test
    void shouldClassifyNeitherWhenTypeIsUndefined()
    {
        for (final int type : new int[] { 0x00, 0x0E, 0x0F, 0x3F, 0x40, 0x4B, 0x4F, 0xFF, -1 })
        {
            assertFalse(LinkType.isCommand(type), "type " + type);
            assertFalse(LinkType.isEvent(type), "type " + type);
        }
        assertEquals("UNKNOWN(0x4b)", LinkType.name(0x4B));
        assertEquals("UNKNOWN(0x0)", LinkType.name(0));
    }

    @Test
    void shouldNameEveryDefinedTypeWhenAsked()
    {
        assertEquals("SESSION_OPEN", LinkType.name(LinkType.SESSION_OPEN));
        assertEquals("SESSION_CLOSE", LinkType.name(LinkType.SESSION_CLOSE));
        assertEquals("JOIN", LinkType.name(LinkType.JOIN));
        assertEquals("LEAVE", LinkType.name(LinkType.LEAVE));
        assertEquals("PUBLISH", LinkType.name(LinkType.PUBLISH));
        assertEquals("DIRECT", LinkType.name(LinkType.DIRECT));
        assertEquals("GATEWAY_RESET", LinkType.name(LinkType.GATEWAY_RESET));
        assertEquals("ACK", LinkType.name(LinkType.ACK));
        assertEquals("ERROR", LinkType.name(LinkType.ERROR));
        assertEquals("ROOM_MESSAGE", LinkType.name(LinkType.ROOM_MESSAGE));
        assertEquals("DIRECT_MESSAGE", LinkType.name(LinkType.DIRECT_MESSAGE));
        assertEquals("TYPING", LinkType.name(LinkType.TYPING));
        assertEquals("PRESENCE_QUERY", LinkType.name(LinkType.PRESENCE_QUERY));
        assertEquals("ROOM_PRESENCE", LinkType.name(LinkType.ROOM_PRESENCE));
        assertEquals("ROOM_TYPING", LinkType.name(LinkType.ROOM_TYPING));
        assertEquals("PRESENCE_REPLY", LinkType.name(LinkType.PRESENCE_REPLY));
    }
}
