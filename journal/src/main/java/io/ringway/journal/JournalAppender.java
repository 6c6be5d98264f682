package io.ringway.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;

import java.io.File;

/**
 * Appends {@link JournalRecord}s, several to a Chronicle document when the caller has a batch.
 * Confined to the thread that uses it (the journaller). Allocation-free when the command sits in
 * a heap-array buffer; a direct buffer is staged through a reused array.
 *
 * <p>Why batches: opening and committing a Chronicle document (header, index, lock) costs a few
 * hundred nanoseconds on this kind of machine, writing 100 bytes into an open one a few tens. A
 * busy journaller gets many commands per ring batch, so it {@link #add}s them all to one document
 * and {@link #commit}s at the end of the batch; an idle one gets batches of one, as before.
 * A document is all or nothing: until it is committed a reader sees none of its records, and a
 * process killed in between leaves none of them (Chronicle recovers the unfinished header).
 */
public final class JournalAppender implements AutoCloseable
{
    private static final long UNKNOWN_INDEX = Long.MIN_VALUE;

    private final ExcerptAppender appender;
    private final JournalPretoucher pretoucher;
    private int publishedCycle = Integer.MIN_VALUE;
    private File publishedFile;
    private byte[] staging = new byte[1024];
    private DocumentContext open;
    private int openRecords;
    private int openBytes;
    private long lastCommittedIndex = -1L;
    /** The queue's last document before the open one (Chronicle's -1 when empty): how a failed commit is told apart from a late one. */
    private long indexBeforeDocument;

    JournalAppender(final ExcerptAppender appender, final JournalPretoucher pretoucher)
    {
        this.appender = appender;
        this.pretoucher = pretoucher;
        this.indexBeforeDocument = lastIndexOrUnknown();
    }

    /** Appends one record in a document of its own. */
    public void append(
        final long sequence, final long timestampMs, final DirectBuffer command, final int offset, final int length)
    {
        add(sequence, timestampMs, command, offset, length);
        commit();
    }

    /**
     * Adds a record to the open document, opening one if needed. On failure the whole open
     * document is rolled back, earlier records of it included, and the exception rethrown.
     */
    public void add(
        final long sequence, final long timestampMs, final DirectBuffer command, final int offset, final int length)
    {
        final byte[] array;
        final int arrayOffset;
        if (command.byteArray() != null)
        {
            array = command.byteArray();
            arrayOffset = command.wrapAdjustment() + offset;
        }
        else
        {
            if (staging.length < length)
            {
                staging = new byte[Math.max(length, staging.length * 2)];
            }
            command.getBytes(offset, staging, 0, length);
            array = staging;
            arrayOffset = 0;
        }
        try
        {
            if (open == null)
            {
                open = appender.writingDocument();
            }
            final Bytes<?> bytes = open.wire().bytes();
            bytes.writeLong(sequence);
            bytes.writeLong(timestampMs);
            bytes.writeInt(length);
            bytes.write(array, arrayOffset, length);
        }
        catch (final RuntimeException | Error ex)
        {
            rollback();
            throw ex;
        }
        openRecords++;
        openBytes += JournalRecord.HEADER_LENGTH + length;
    }

    /**
     * Commits the open document, if any: its records become visible to readers, all at once. A commit that
     * throws left nothing in the journal; one whose close failed but whose document reached the journal
     * anyway returns normally.
     * @throws JournalCommitUnknownException when the close failed and the journal cannot say which it was
     */
    public void commit()
    {
        final DocumentContext dc = open;
        if (dc == null)
        {
            return;
        }
        open = null;
        openRecords = 0;
        openBytes = 0;
        try
        {
            dc.close();
        }
        catch (final RuntimeException | Error ex)
        {
            // A close that failed half way must not leave a half-committed header for readers.
            try
            {
                dc.rollbackOnClose();
                dc.close();
            }
            catch (final RuntimeException | Error ignored)
            {
                ex.addSuppressed(ignored);
            }
            // Chronicle completes a document's header before it indexes it, so a close can fail after the
            // document became readable, and then no rollback takes it back: ask the queue which it is.
            final long reached = indexOfDocumentReachingJournal(ex);
            if (reached == UNKNOWN_INDEX)
            {
                throw ex;
            }
            // Committed after all. Chronicle's own last-appended index may not have been updated before the
            // failure, so the queue's answer is the document's index.
            lastCommittedIndex = indexBeforeDocument = reached;
            publishWritePosition();
            return;
        }
        // The document is committed from here on: nothing after this may make the caller think otherwise
        // (the journaller would answer its commands journal_unavailable and reuse their sequences).
        recordCommittedIndex();
        publishWritePosition();
    }

    /**
     * After a failed commit: the queue's last index if it is no longer the document before this one (the
     * document reached the journal), else {@link #UNKNOWN_INDEX} (it did not).
     * @throws JournalCommitUnknownException when that cannot be told
     */
    private long indexOfDocumentReachingJournal(final Throwable failure)
    {
        final long now;
        try
        {
            now = appender.queue().lastIndex();
        }
        catch (final RuntimeException | Error ex)
        {
            failure.addSuppressed(ex);
            throw new JournalCommitUnknownException("a journal commit failed and the journal cannot be read back", failure);
        }
        if (indexBeforeDocument == UNKNOWN_INDEX)
        {
            throw new JournalCommitUnknownException("a journal commit failed and the document before it is not known", failure);
        }
        return now != indexBeforeDocument ? now : UNKNOWN_INDEX;
    }

    private void recordCommittedIndex()
    {
        try
        {
            lastCommittedIndex = appender.lastIndexAppended();
            indexBeforeDocument = lastCommittedIndex;
        }
        catch (final RuntimeException | Error ignored)
        {
            lastCommittedIndex = -1L; // unknown: a snapshot taken now is found by walking the journal from its start
            indexBeforeDocument = lastIndexOrUnknown();
        }
    }

    private long lastIndexOrUnknown()
    {
        try
        {
            return appender.queue().lastIndex();
        }
        catch (final RuntimeException | Error ex)
        {
            return UNKNOWN_INDEX;
        }
    }

    /** Tells the pretoucher where the next write goes: the file only when the cycle rolled, else one ordered store. */
    private void publishWritePosition()
    {
        try
        {
            final int cycle = appender.cycle();
            if (cycle != publishedCycle)
            {
                publishedCycle = cycle;
                publishedFile = appender.currentFile();
            }
            pretoucher.published(publishedFile, appender.wire().bytes().writePosition());
        }
        catch (final RuntimeException | Error ignored)
        {
            // The document is committed: a failure to help the pretoucher must not make the caller think
            // otherwise (the journaller would reuse the committed records' sequences).
        }
    }

    /** Drops the open document and every record added to it. */
    public void rollback()
    {
        final DocumentContext dc = open;
        open = null;
        openRecords = 0;
        openBytes = 0;
        if (dc != null)
        {
            dc.rollbackOnClose(); // closing would otherwise commit whatever was written
            dc.close();
        }
    }

    /**
     * The Chronicle index of the last document committed, -1 before the first: where a reader can
     * {@link JournalReader#moveToDocument move} to find these records again without reading what precedes them.
     */
    public long lastCommittedIndex()
    {
        return lastCommittedIndex;
    }

    /** Records added to the open document, 0 when none is open. */
    public int openRecords()
    {
        return openRecords;
    }

    /** Bytes added to the open document, record headers included. */
    public int openBytes()
    {
        return openBytes;
    }

    @Override
    public void close()
    {
        commit();
        appender.close();
    }
}
