package io.ringway.gateway.cli;

import io.ringway.engine.HistoryConfig;
import picocli.CommandLine.Option;

/**
 * The engine's message history settings as flags, shared by {@code server} and {@code replay}. The engine journals them
 * (ENGINE_SETTINGS), so a replay needs them only for a journal from before settings were journaled.
 */
final class HistoryOptions
{
    @Option(names = "--history-per-room", defaultValue = "" + HistoryConfig.DEFAULT_PER_ROOM_MESSAGES,
        description = "Messages each room keeps in memory for history, resume and edits; lowering it drops each room's oldest at once "
            + "(default: ${DEFAULT-VALUE}).")
    int historyPerRoom;

    @Option(names = "--dedupe-window-ms", defaultValue = "" + HistoryConfig.DEFAULT_DEDUPE_WINDOW_MS,
        description = "A publish retried with the same client_msg_id within this window (journal time) is not delivered again; "
            + "0 = off (default: ${DEFAULT-VALUE}).")
    long dedupeWindowMs;

    /** @throws IllegalArgumentException when a setting is out of range */
    HistoryConfig toConfig()
    {
        return new HistoryConfig(historyPerRoom, dedupeWindowMs);
    }
}
