package io.ringway.engine;

/**
 * Message history settings (PROTOCOL.md, "History and resume").
 *
 * @param perRoomMessages messages each room keeps in the engine's memory, the newest ones; older
 *                        ones are served from the journal by the history reader. 0 keeps none.
 * @param dedupeWindowMs  a publish with a client message id already seen in the room, from the same
 *                        user, within this many journal milliseconds, is acknowledged with the
 *                        original seq and not delivered again. 0 turns deduplication off.
 */
public record HistoryConfig(int perRoomMessages, long dedupeWindowMs)
{
    public static final int DEFAULT_PER_ROOM_MESSAGES = 1_000;
    public static final long DEFAULT_DEDUPE_WINDOW_MS = 60_000;
    public static final HistoryConfig DEFAULTS = new HistoryConfig(DEFAULT_PER_ROOM_MESSAGES, DEFAULT_DEDUPE_WINDOW_MS);

    public HistoryConfig
    {
        if (perRoomMessages < 0 || perRoomMessages > (1 << 24))
        {
            throw new IllegalArgumentException("perRoomMessages must be 0 to " + (1 << 24));
        }
        if (dedupeWindowMs < 0)
        {
            throw new IllegalArgumentException("dedupeWindowMs must be >= 0");
        }
    }
}
