package io.ringway.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A pre-allocated slot of the inbound ring: one internal link command plus what the journaller
 * stamps on it. The byte array grows (rarely, on the producer's thread) for an unusually large
 * command and is then kept, so a warmed-up ring allocates nothing.
 */
final class CommandEvent
{
    private static final int INITIAL_CAPACITY = 512;

    final UnsafeBuffer buffer;
    int length;
    /** Stamped by the journaller. */
    long sequence;
    long timestampMs;
    /** Chronicle index of the journal document holding this command: a snapshot records it to find its place fast. */
    long journalIndex;
    /** False when the journaller could not append: the business logic must not apply it. */
    boolean journaled;
    /** With {@code journaled} false: its document's commit failed and may have reached the journal anyway. */
    boolean outcomeUnknown;

    CommandEvent()
    {
        this(new UnsafeBuffer(new byte[INITIAL_CAPACITY]));
    }

    /** Tests: a slot over a buffer of their own (one that fails, say). */
    CommandEvent(final UnsafeBuffer buffer)
    {
        this.buffer = buffer;
    }

    void copyFrom(final DirectBuffer source, final int offset, final int length)
    {
        if (buffer.capacity() < length)
        {
            buffer.wrap(new byte[Math.max(length, buffer.capacity() * 2)]);
        }
        buffer.putBytes(0, source, offset, length);
        this.length = length;
        this.journaled = false;
        this.outcomeUnknown = false;
    }
}
