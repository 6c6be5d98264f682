package io.ringway.engine;

import io.ringway.engine.logic.BusinessLogic;
import io.ringway.journal.snapshot.SnapshotHeader;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes snapshots of the business logic's state: the logic thread serializes the state into a reused
 * buffer between two commands (that pause is the price), then a writer thread of its own does the file
 * I/O (temp file, fsync, rename, pruning). While the writer is busy a due snapshot is skipped, not queued:
 * the next one is due {@code everyCommands} later. On a clean close one more is written, synchronously.
 */
final class SnapshotTaker
{
    /** Where the bytes go: {@code SnapshotStore::write} (a test puts a slow or failing one here). */
    @FunctionalInterface
    interface SnapshotFileWriter
    {
        void write(SnapshotHeader header, byte[] body, int offset, int length) throws IOException;
    }

    private final SnapshotConfig config;
    private final SnapshotFileWriter store;
    private final EngineErrors errors;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64 * 1024);
    private final AtomicBoolean writing = new AtomicBoolean();
    private final Thread writer;
    /** Handed from the logic thread to the writer without a lock: set only while {@code writing}, cleared by the writer. */
    private volatile Runnable pending;
    private volatile boolean closed;
    private volatile long lastWrittenSequence;
    private volatile long written;
    private volatile long skippedBusy;

    private final long recoveredSequence;
    // Logic thread only.
    private long nextDueSequence;
    private long lastTimestampMs;
    private long lastJournalIndex = -1L;
    private long journalFirstTimestampMs;

    /**
     * @param recoveredSequence       the sequence state was recovered to: the first snapshot is due {@code everyCommands} after it
     * @param lastTimestampMs         journal timestamp of that command
     * @param snapshotSequence        the sequence of the snapshot recovery started from, 0 for none
     * @param journalFirstTimestampMs the journal's identity (its first record's timestamp), -1 while it is empty
     */
    SnapshotTaker(final SnapshotConfig config, final SnapshotFileWriter store, final EngineErrors errors,
        final long recoveredSequence, final long lastTimestampMs, final long snapshotSequence, final long journalFirstTimestampMs)
    {
        this.config = config;
        this.store = store;
        this.errors = errors;
        this.recoveredSequence = recoveredSequence;
        this.nextDueSequence = recoveredSequence + config.everyCommands();
        this.lastTimestampMs = lastTimestampMs;
        this.journalFirstTimestampMs = journalFirstTimestampMs;
        this.lastWrittenSequence = snapshotSequence;
        this.writer = new Thread(this::writeLoop, "ringway-snapshot-writer");
        this.writer.setDaemon(true);
        if (config.enabled())
        {
            writer.start();
        }
    }

    /** Logic thread: a journaled command was applied. */
    void onApplied(final long timestampMs, final long journalIndex)
    {
        lastTimestampMs = timestampMs;
        lastJournalIndex = journalIndex;
        if (journalFirstTimestampMs < 0)
        {
            journalFirstTimestampMs = timestampMs; // the journal was empty at start: this is its first record
        }
    }

    /** Logic thread, between commands: takes a snapshot when one is due and the writer is free. */
    void afterBatch(final BusinessLogic logic)
    {
        final long sequence = logic.lastAppliedSequence();
        if (!config.enabled() || sequence < nextDueSequence)
        {
            return;
        }
        nextDueSequence = sequence + config.everyCommands();
        if (!writing.compareAndSet(false, true))
        {
            skippedBusy++;
            return;
        }
        final int length = logic.writeSnapshot(buffer, 0);
        final byte[] bytes = buffer.byteArray(); // not touched again until the writer clears writing
        final SnapshotHeader header = header(sequence);
        pending = () -> write(header, bytes, length);
        LockSupport.unpark(writer);
    }

    /**
     * After the logic thread has stopped (the caller joined it): waits for a write in progress, then writes a
     * snapshot of the final state in the calling thread, unless there is one at this sequence already.
     *
     * @param logic the stopped logic, or null to write nothing (its thread did not stop)
     */
    void closeAndWriteFinal(final BusinessLogic logic)
    {
        if (!config.enabled())
        {
            return;
        }
        closed = true;
        LockSupport.unpark(writer);
        try
        {
            writer.join(60_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (logic == null || writing.get())
        {
            return; // the logic still runs, or a write is stuck: do not race them for the state or the buffer
        }
        final long sequence = logic.lastAppliedSequence();
        if (sequence > 0 && sequence != lastWrittenSequence)
        {
            writing.set(true);
            write(header(sequence), buffer.byteArray(), logic.writeSnapshot(buffer, 0));
        }
    }

    long lastWrittenSequence()
    {
        return lastWrittenSequence;
    }

    long written()
    {
        return written;
    }

    long skippedBusy()
    {
        return skippedBusy;
    }

    private SnapshotHeader header(final long sequence)
    {
        return new SnapshotHeader(BusinessLogic.snapshotFormatVersion(), sequence, lastTimestampMs, journalFirstTimestampMs,
            sequence == recoveredSequence ? -1L : lastJournalIndex);
    }

    private void write(final SnapshotHeader header, final byte[] bytes, final int length)
    {
        Exception failure = null;
        try
        {
            store.write(header, bytes, 0, length);
        }
        catch (final IOException | RuntimeException ex)
        {
            failure = ex;
        }
        // Free first, count after: whoever sees the count may take the next snapshot at once.
        writing.set(false);
        if (failure == null)
        {
            lastWrittenSequence = header.lastSequence();
            written++;
        }
        else
        {
            errors.onSnapshotFailure(failure);
        }
    }

    private void writeLoop()
    {
        while (true)
        {
            final Runnable task = pending;
            if (task != null)
            {
                pending = null;
                task.run();
            }
            else if (closed)
            {
                return;
            }
            else
            {
                LockSupport.park(this); // unparked by a hand-off or by close; a spurious wake-up just loops
            }
        }
    }
}
