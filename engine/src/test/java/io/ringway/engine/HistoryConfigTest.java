package io.ringway.engine;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HistoryConfigTest
{
    @Test
    void shouldRefuseNegativeBoundsAndWindowsWhenCreated()
    {
        assertThrows(IllegalArgumentException.class, () -> new HistoryConfig(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new HistoryConfig((1 << 24) + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new HistoryConfig(10, -1));
        new HistoryConfig(0, 0);
    }

    @Test
    void shouldUseTheDefaultHistorySettingsWhenAnEngineConfigDoesNotGiveAny()
    {
        final EngineConfig config = EngineConfig.defaults(Path.of("data"));
        assertEquals(HistoryConfig.DEFAULTS, config.history());
        assertEquals(1_000, config.history().perRoomMessages());
        assertEquals(60_000, config.history().dedupeWindowMs());
        assertThrows(IllegalArgumentException.class, () -> new EngineConfig(Path.of("data"), 4, 4, IdleStrategyKind.BLOCKING, 1,
            EngineConfig.DEFAULT_BACKOFF_SPIN_NS, EngineConfig.DEFAULT_BACKOFF_YIELD_NS, 2, (HistoryConfig)null));
    }
}
