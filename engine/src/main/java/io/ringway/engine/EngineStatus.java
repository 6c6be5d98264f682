package io.ringway.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the business logic has applied, readable from any thread without locks: a seqlock over
 * (sequence, digest, commands) so a reader never sees a digest from one command with the
 * sequence of another.
 */
public final class EngineStatus
{
    private final AtomicLong version = new AtomicLong();
    private volatile long appliedSequence;
    private volatile long digest;
    private volatile long commandsApplied;

    /** Writer: the business-logic thread only. */
    void publish(final long appliedSequence, final long digest, final long commandsApplied)
    {
        version.incrementAndGet();
        this.appliedSequence = appliedSequence;
        this.digest = digest;
        this.commandsApplied = commandsApplied;
        version.incrementAndGet();
    }

    public Snapshot snapshot()
    {
        while (true)
        {
            final long before = version.get();
            final long sequence = appliedSequence;
            final long currentDigest = digest;
            final long commands = commandsApplied;
            if ((before & 1) == 0 && version.get() == before)
            {
                return new Snapshot(sequence, currentDigest, commands);
            }
            Thread.onSpinWait();
        }
    }

    /** A consistent view of the engine at one applied sequence. */
    public record Snapshot(long appliedSequence, long digest, long commandsApplied)
    {
    }
}
