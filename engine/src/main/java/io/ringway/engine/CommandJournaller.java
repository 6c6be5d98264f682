package io.ringway.engine;

import com.lmax.disruptor.DataProvider;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.WaitStrategy;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalCommitUnknownException;
import io.ringway.journal.JournalAppender;
import org.agrona.concurrent.EpochClock;

/**
 * First consumer of the inbound ring: gives each command its engine sequence and timestamp and
 * appends it to the journal. The business logic is gated behind this handler, so nothing takes
 * effect, and nothing is acknowledged, before it is in the journal.
 *
 * <p>Commands of one ring batch go into one journal document, committed at the end of the batch
 * (or every {@link #MAX_DOCUMENT_BYTES}): the Disruptor only moves this handler's sequence, and
 * so lets the business logic see the batch, after the last {@code onEvent} of the batch returns,
 * which is after the commit. Under load that turns a document per command into a document per
 * batch; when idle, batches are of one command and nothing changes.
 *
 * <p>If the journal fails (disk full, a failed mapping: any exception or error from appending or
 * committing), every command of the document being written is marked unjournaled, so the business
 * logic skips all of them and answers them {@code journal_unavailable}, and their sequence numbers
 * are reused: the journal keeps no gap. Nothing escapes to the ring, whose handler would carry on
 * with the document half written and its commands still marked journaled. One failure is not
 * recoverable: a commit whose outcome the journal cannot tell ({@link JournalCommitUnknownException}).
 * The document may be in the journal, so its commands are answered {@code journal_outcome_unknown},
 * and this handler rejects every later command until a restart, whose replay reads what the journal holds.
 *
 * <p>The timestamp is the only clock read in the engine and it is journaled: the business logic
 * sees the same time on replay. It never goes backwards, even if the wall clock does. The clock is
 * read once per document, when it opens, and every command of the document gets that time: a
 * document spans at most one ring batch and {@link #MAX_DOCUMENT_BYTES}, well under a millisecond
 * of appends, and on this kind of VM a clock read costs as much as appending a command.
 */
final class CommandJournaller implements EventHandler<CommandEvent>
{
    /** Commit a document before it grows past this, even mid-batch: bounds what one commit writes. */
    static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    private final Journal journal;
    private final EpochClock clock;
    private final EngineErrors errors;
    private DataProvider<CommandEvent> events;
    private WaitStrategy waitStrategy;
    private Sequence sequenceCallback;
    private JournalAppender appender;
    private long lastSequence;
    private long lastTimestampMs;
    // What was committed before the open document: restored if it fails.
    private long committedSequence;
    private long committedTimestampMs;
    private long documentStartRingSequence = -1;
    /** A commit's outcome could not be told: every command from then on is rejected, until a restart reads the journal. */
    private boolean stopped;
    private long documentTimestampMs;

    CommandJournaller(final Journal journal, final EpochClock clock, final EngineErrors errors, final long lastSequence, final long lastTimestampMs)
    {
        this.journal = journal;
        this.clock = clock;
        this.errors = errors;
        this.lastSequence = committedSequence = lastSequence;
        this.lastTimestampMs = committedTimestampMs = lastTimestampMs;
    }

    /**
     * The ring this handler consumes, to mark a failed document's earlier commands unjournaled,
     * and its wait strategy, to wake the business logic once a document is committed. Set before start.
     */
    void ring(final DataProvider<CommandEvent> events, final WaitStrategy waitStrategy)
    {
        this.events = events;
        this.waitStrategy = waitStrategy;
    }

    @Override
    public void setSequenceCallback(final Sequence sequenceCallback)
    {
        this.sequenceCallback = sequenceCallback;
    }

    @Override
    public void onStart()
    {
        appender = journal.appender(); // Chronicle appenders are confined to the thread that uses them
    }

    @Override
    public void onEvent(final CommandEvent event, final long ringSequence, final boolean endOfBatch)
    {
        if (stopped)
        {
            event.journaled = false;
            if (endOfBatch)
            {
                release(ringSequence);
            }
            errors.onJournalFailures(null, 1);
            return;
        }
        if (appender.openRecords() == 0) // a document opens with this command (the appender's count, reset by any rollback)
        {
            documentStartRingSequence = ringSequence;
            documentTimestampMs = Math.max(lastTimestampMs, clock.time());
        }
        final long timestampMs = documentTimestampMs;
        final long sequence = lastSequence + 1;
        try
        {
            appender.add(sequence, timestampMs, event.buffer, 0, event.length);
        }
        catch (final Throwable ex) // InternalError: a mapped-file write failed (disk full); any failure rejects the document
        {
            event.journaled = false;
            final int lost = failDocument(ringSequence, ex, false) + 1;
            if (endOfBatch)
            {
                release(ringSequence); // the business logic skips these; don't leave it waiting for the next batch
            }
            errors.onJournalFailures(ex, lost); // last: reporting can fail too (out of memory), and nothing is left undone
            return;
        }
        lastSequence = sequence;
        lastTimestampMs = timestampMs;
        event.sequence = sequence;
        event.timestampMs = timestampMs;
        event.journaled = true;
        if (endOfBatch || appender.openBytes() >= MAX_DOCUMENT_BYTES)
        {
            commit(ringSequence);
        }
    }

    private void commit(final long ringSequence)
    {
        try
        {
            appender.commit();
        }
        catch (final Throwable ex)
        {
            // Unknown: the document may be in the journal after all, so nothing more may be appended behind it.
            stopped = ex instanceof JournalCommitUnknownException;
            final int lost = failDocument(ringSequence + 1, ex, stopped);
            release(ringSequence); // the business logic answers these now, not when the next command comes
            if (stopped)
            {
                errors.onJournalStopped(ex);
            }
            errors.onJournalFailures(ex, lost);
            return;
        }
        committedSequence = lastSequence;
        committedTimestampMs = lastTimestampMs;
        final long index = appender.lastCommittedIndex();
        for (long s = documentStartRingSequence; s <= ringSequence; s++)
        {
            events.get(s).journalIndex = index;
        }
        documentStartRingSequence = -1;
        // Let the business logic see the committed commands now, rather than when this batch ends, and wake it if it
        // is blocked: the Disruptor only wakes waiters when the ring's cursor moves, not when a gating consumer does.
        release(ringSequence);
    }

    private void release(final long ringSequence)
    {
        if (sequenceCallback != null)
        {
            sequenceCallback.set(ringSequence);
            waitStrategy.signalAllWhenBlocking();
        }
    }

    /**
     * The open document is lost: rolls it back, marks its commands before {@code endRingSequence} not
     * journaled (and {@code outcomeUnknown}: they may be in the journal all the same), and takes back their
     * sequences. Reports nothing (the caller does, last) and throws nothing.
     * @return how many commands it marked
     */
    private int failDocument(final long endRingSequence, final Throwable cause, final boolean outcomeUnknown)
    {
        try
        {
            appender.rollback();
        }
        catch (final Throwable rollbackFailure)
        {
            if (rollbackFailure != cause)
            {
                cause.addSuppressed(rollbackFailure);
            }
        }
        int marked = 0;
        for (long s = documentStartRingSequence; s < endRingSequence; s++)
        {
            final CommandEvent lost = events.get(s);
            if (lost.journaled)
            {
                lost.journaled = false;
                lost.outcomeUnknown = outcomeUnknown;
                marked++;
            }
        }
        lastSequence = committedSequence;
        lastTimestampMs = committedTimestampMs;
        documentStartRingSequence = -1;
        return marked;
    }

    @Override
    public void onShutdown()
    {
        if (appender != null)
        {
            appender.close(); // commits nothing new: every batch ends with a commit
        }
    }
}
