package io.ringway.gateway.session;

/** Outbound lanes, drained in this order. */
public enum Priority
{
    /** Acks, errors, pongs, auth: never dropped; overflow means the client is not reading at all. */
    CONTROL,
    /** Ephemeral state (typing, cursors): latest state per key wins, older queued states are replaced. */
    REALTIME,
    /** Messages: ordered, never dropped; overflow closes the session as a slow consumer. */
    STANDARD
}
