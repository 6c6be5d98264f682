package io.ringway.engine.logic;

import org.agrona.DirectBuffer;

/**
 * Where a {@code HISTORY} query goes when its range reaches messages no longer kept in memory: the
 * engine's history reader, which answers it from the journal on its own thread. Called on the logic
 * thread, which emits nothing for such a query (so the outbound digest is the same with or without a
 * fallback, as in an offline replay); the implementation must not block.
 */
public interface HistoryFallback
{
    /**
     * @param querySequence journal sequence of the HISTORY command: the answer is the room as of just before it
     * @param lo            lowest seq asked for (1 or more)
     * @param hi            highest seq asked for (at most the room's latest)
     * @param mode          the query's mode bits (oldest first)
     * @param flags         HISTORY_MORE when more messages lie beyond the page
     * @param oldestKept    oldest seq in memory, for the reply
     * @param latestSeq     the room's latest seq, for the reply
     */
    void submit(
        int gatewayId, long sessionId, long querySequence,
        DirectBuffer room, int roomOffset, int roomLength,
        DirectBuffer corrId, int corrIdOffset, int corrIdLength,
        long lo, long hi, int mode, int flags, long oldestKept, long latestSeq);
}
