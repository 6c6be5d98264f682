package io.ringway.codec.link;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineSettingsBlockTest
{
    private final UnsafeBuffer block = new UnsafeBuffer(new byte[EngineSettingsBlock.LENGTH]);
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[128]);

    /** The vector in PROTOCOL.md: the default settings as an ENGINE_SETTINGS command (gateway 0, session 0). */
    @Test
    void shouldEncodeTheDefaultSettingsAsTheProtocolVector()
    {
        EngineSettingsBlock.write(block, 0, 10_000, 1_000, 1_000, 65_536, 1_000, 1_000, 60_000L);
        final int length = LinkCommandEncoder.encode(command, 0, LinkType.ENGINE_SETTINGS, 0, 0L, null, 0, 0, null, 0, 0,
            block, 0, EngineSettingsBlock.LENGTH);

        assertEquals(53, length);
        assertEquals("35 00 00 00 01 20 00 00 00 00 00 00 00 00 00 00 21 00 00 00 01 10 27 00 00 e8 03 00 00 e8 03 00 00 "
            + "00 00 01 00 e8 03 00 00 e8 03 00 00 60 ea 00 00 00 00 00 00", hex(length));
    }

    @Test
    void shouldReadBackEveryValueWhenDecodedThroughTheCommand()
    {
        EngineSettingsBlock.write(block, 0, 7, 3, 4, 500, 2, 9, 1_234_567_890_123L);
        final int length = LinkCommandEncoder.encode(command, 0, LinkType.ENGINE_SETTINGS, 0, 0L, null, 0, 0, null, 0, 0,
            block, 0, EngineSettingsBlock.LENGTH);
        final LinkCommandDecoder decoder = new LinkCommandDecoder();

        assertTrue(decoder.wrap(command, 0, length));
        final int at = decoder.dataOffset();
        assertTrue(EngineSettingsBlock.isValid(command, at, decoder.dataLength()));
        assertEquals(7, EngineSettingsBlock.inboxLimit(command, at));
        assertEquals(3, EngineSettingsBlock.maxRoomsPerSession(command, at));
        assertEquals(4, EngineSettingsBlock.maxGroupMembers(command, at));
        assertEquals(500, EngineSettingsBlock.maxMessageBytes(command, at));
        assertEquals(2, EngineSettingsBlock.presenceAnnounceMax(command, at));
        assertEquals(9, EngineSettingsBlock.historyPerRoom(command, at));
        assertEquals(1_234_567_890_123L, EngineSettingsBlock.dedupeWindowMs(command, at));
        assertTrue(LinkType.isEngineCommand(decoder.type()) && LinkType.isCommand(decoder.type()));
    }

    @Test
    void shouldNotReadABlockOfAnotherVersionOrLength()
    {
        EngineSettingsBlock.write(block, 0, 1, 1, 2, 1, 0, 0, 0L);
        assertFalse(EngineSettingsBlock.isValid(block, 0, EngineSettingsBlock.LENGTH - 1));
        assertFalse(EngineSettingsBlock.isNewer(block, 0, EngineSettingsBlock.LENGTH));
        block.putByte(0, (byte)2);
        assertFalse(EngineSettingsBlock.isValid(block, 0, EngineSettingsBlock.LENGTH));
        assertTrue(EngineSettingsBlock.isNewer(block, 0, EngineSettingsBlock.LENGTH), "a later version: a replay stops there");
    }

    @Test
    void shouldReadTheseFieldsOfALongerBlockOfThisVersion()
    {
        final UnsafeBuffer longer = new UnsafeBuffer(new byte[EngineSettingsBlock.LENGTH + 8]);
        EngineSettingsBlock.write(longer, 0, 5, 1, 2, 1, 0, 3, 0L);
        assertTrue(EngineSettingsBlock.isValid(longer, 0, longer.capacity()), "fields appended later do not hide these");
        assertEquals(3, EngineSettingsBlock.historyPerRoom(longer, 0));
    }

    private String hex(final int length)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            out.append(i == 0 ? "" : " ").append(String.format("%02x", command.getByte(i) & 0xFF));
        }
        return out.toString();
    }
}
