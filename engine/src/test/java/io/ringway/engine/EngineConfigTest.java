package io.ringway.engine;

import io.ringway.engine.logic.RoomLimits;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineConfigTest
{
    private static final Path DATA = Path.of("data");

    @Test
    void shouldUseDocumentedDefaultsWhenCreatedWithDefaults()
    {
        final EngineConfig config = EngineConfig.defaults(DATA);
        assertEquals(DATA, config.dataDirectory());
        assertEquals(EngineConfig.DEFAULT_INBOUND_RING_SIZE, config.inboundRingSize());
        assertEquals(EngineConfig.DEFAULT_OUTBOUND_RING_SIZE, config.outboundRingSize());
        assertEquals(IdleStrategyKind.BACKOFF, config.idleStrategy());
        assertEquals(EngineConfig.DEFAULT_INBOX_LIMIT, config.inboxLimit());
        assertTrue(config.journalPretouch());
    }

    @Test
    void shouldKeepTheJournalPretouchSettingWhenOtherSettingsChange()
    {
        final EngineConfig off = EngineConfig.defaults(DATA).withJournalPretouch(false);
        assertFalse(off.withRoomLimits(RoomLimits.DEFAULTS).journalPretouch());
        assertFalse(off.withHistory(HistoryConfig.DEFAULTS).journalPretouch());
        assertFalse(off.withSnapshots(SnapshotConfig.DISABLED).journalPretouch());
        assertTrue(off.withJournalPretouch(true).journalPretouch());
    }

    @Test
    void shouldKeepJournalInJournalSubdirectoryWhenAskedForJournalDirectory()
    {
        assertEquals(DATA.resolve("journal"), EngineConfig.defaults(DATA).journalDirectory());
    }

    @Test
    void shouldRejectRingSizeWhenNotAPowerOfTwo()
    {
        assertThrows(IllegalArgumentException.class, () -> new EngineConfig(DATA, 1000, 1024, IdleStrategyKind.BLOCKING, 1));
        assertThrows(IllegalArgumentException.class, () -> new EngineConfig(DATA, 1024, 0, IdleStrategyKind.BLOCKING, 1));
        assertThrows(IllegalArgumentException.class, () -> new EngineConfig(DATA, 3, 4, IdleStrategyKind.BLOCKING, 1));
        new EngineConfig(DATA, 1, 1, IdleStrategyKind.BLOCKING, 0);
    }

    @Test
    void shouldRejectNegativeInboxLimit()
    {
        assertThrows(IllegalArgumentException.class, () -> new EngineConfig(DATA, 4, 4, IdleStrategyKind.BLOCKING, -1));
    }
}
