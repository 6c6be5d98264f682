package io.ringway.gateway.session;

/** Outbound lanes, drained in this order. */
public enum Priority
{
    /** Acks, errors, pongs, auth: never dropped; overflow means the client is not reading at all. */
    CONTROL,
    /** Ephemeral state (typing, cursors): latest state per key wins, older queued states are replaced. */
    REALTIME,
    /** Messages: ordered, never dropped; overflow closes the session as a slow consumer. */
    STANDARD,
    /**
     * A join's backlog (the messages after {@code since}, or the last N): queued in the STANDARD lane,
     * in order with the messages, but not counted against its bound, because a client cut off as a
     * slow consumer missed at least a whole lane of messages and gets them back in one burst. At most
     * {@code SessionOutbound.BACKLOG_HEADROOM} beyond the bound.
     */
    BACKLOG
}
