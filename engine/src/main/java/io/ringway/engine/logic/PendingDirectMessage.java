package io.ringway.engine.logic;

import org.agrona.concurrent.UnsafeBuffer;

/** A direct message kept for a user who had no connection when it was sent. */
final class PendingDirectMessage
{
    final UserState from;
    final long timestampMs;
    final UnsafeBuffer data;

    PendingDirectMessage(final UserState from, final long timestampMs, final byte[] data)
    {
        this.from = from;
        this.timestampMs = timestampMs;
        this.data = new UnsafeBuffer(data);
    }
}
