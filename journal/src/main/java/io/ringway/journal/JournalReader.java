package io.ringway.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Reads {@link JournalRecord}s in order, one per {@link #read} call, whether the journaller wrote
 * them one to a document or several. Confined to one thread. The buffer handed to the handler is
 * reused: copy what must outlive the call.
 *
 * <p>A document is copied whole into a reused array and then served record by record, so the
 * Chronicle document is never held open between calls.
 */
public final class JournalReader implements AutoCloseable
{
    private final ExcerptTailer tailer;
    private byte[] document = new byte[4096];
    private final UnsafeBuffer buffer = new UnsafeBuffer(document);
    private int position;
    private int limit;
    private long documentIndex = -1L;

    JournalReader(final ExcerptTailer tailer)
    {
        this.tailer = tailer;
    }

    /** @return true when a record was read and handed over; false at the end of the journal. */
    public boolean read(final JournalRecordHandler handler)
    {
        if (position == limit && !nextDocument())
        {
            return false;
        }
        final int start = position;
        if (limit - start < JournalRecord.HEADER_LENGTH)
        {
            position = limit;
            throw new JournalException("corrupt journal: " + (limit - start) + " trailing bytes in a document", null);
        }
        final long sequence = buffer.getLong(start + JournalRecord.SEQUENCE_OFFSET, LITTLE_ENDIAN);
        final long timestampMs = buffer.getLong(start + JournalRecord.TIMESTAMP_OFFSET, LITTLE_ENDIAN);
        final int length = buffer.getInt(start + JournalRecord.LENGTH_OFFSET, LITTLE_ENDIAN);
        final int commandOffset = start + JournalRecord.HEADER_LENGTH;
        if (length < 0 || length > limit - commandOffset)
        {
            position = limit;
            throw new JournalException("corrupt record at sequence " + sequence + ": length " + length, null);
        }
        position = commandOffset + length;
        handler.onRecord(sequence, timestampMs, buffer, commandOffset, length);
        return true;
    }

    /** Reads up to {@code limit} records. @return how many were read. */
    public int poll(final JournalRecordHandler handler, final int limit)
    {
        int count = 0;
        while (count < limit && read(handler))
        {
            count++;
        }
        return count;
    }

    /** The Chronicle index of the document the last record read came from, -1 before any. */
    public long documentIndex()
    {
        return documentIndex;
    }

    /**
     * Positions this reader before the document at a Chronicle index ({@link JournalAppender#lastCommittedIndex}).
     *
     * @return false when the journal has no document there (then the reader's position is unspecified: use another)
     */
    public boolean moveToDocument(final long index)
    {
        position = limit = 0;
        try
        {
            return index >= 0 && tailer.moveToIndex(index);
        }
        catch (final RuntimeException ex)
        {
            return false;
        }
    }

    /**
     * Moves past every record up to and including {@code sequence}, without handing any over, so the next
     * {@link #read} returns the first record after it: how recovery from a snapshot skips what the snapshot
     * already holds. Whole documents before it are walked in place, record headers only, and not copied.
     *
     * @return the journal timestamp of the record {@code sequence}, or -1 when the journal has no such record
     *         (it ends before it, or skips over it): then the reader is at the end or past it
     */
    public long skipThrough(final long sequence)
    {
        while (position < limit)
        {
            final long recordSequence = buffer.getLong(position + JournalRecord.SEQUENCE_OFFSET, LITTLE_ENDIAN);
            if (recordSequence > sequence)
            {
                return -1L;
            }
            final long timestampMs = buffer.getLong(position + JournalRecord.TIMESTAMP_OFFSET, LITTLE_ENDIAN);
            position += JournalRecord.HEADER_LENGTH + Math.max(0, buffer.getInt(position + JournalRecord.LENGTH_OFFSET, LITTLE_ENDIAN));
            if (recordSequence == sequence)
            {
                position = Math.min(position, limit);
                return timestampMs;
            }
        }
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    position = limit = 0;
                    return -1L;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final long start = bytes.readPosition();
                final long end = bytes.readLimit();
                long at = start;
                long lastSequence = -1L;
                long lastTimestampMs = -1L;
                while (end - at >= JournalRecord.HEADER_LENGTH)
                {
                    lastSequence = bytes.readLong(at + JournalRecord.SEQUENCE_OFFSET);
                    lastTimestampMs = bytes.readLong(at + JournalRecord.TIMESTAMP_OFFSET);
                    at += JournalRecord.HEADER_LENGTH + Math.max(0, bytes.readInt(at + JournalRecord.LENGTH_OFFSET));
                }
                if (lastSequence < sequence)
                {
                    continue; // the whole document is before it (or empty): next one
                }
                if (lastSequence == sequence)
                {
                    return lastTimestampMs;
                }
                documentIndex = dc.index();
                // The document straddles it: keep the document and stand on its first record after sequence.
                final int length = (int)(end - start);
                if (document.length < length)
                {
                    document = new byte[Math.max(length, document.length * 2)];
                    buffer.wrap(document);
                }
                bytes.read(document, 0, length);
                position = 0;
                limit = length;
            }
            return skipThrough(sequence);
        }
    }

    /** @return the sequence of the last record in the next document, or -1 at the end; skips the document's records. */
    long lastSequenceOfNextDocument()
    {
        if (!nextDocument())
        {
            return -1L;
        }
        long last = -1L;
        while (limit - position >= JournalRecord.HEADER_LENGTH)
        {
            last = buffer.getLong(position, LITTLE_ENDIAN);
            position += JournalRecord.HEADER_LENGTH + Math.max(0, buffer.getInt(position + JournalRecord.LENGTH_OFFSET, LITTLE_ENDIAN));
        }
        position = limit;
        return last;
    }

    private boolean nextDocument()
    {
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    position = limit = 0;
                    return false;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int length = (int)bytes.readRemaining();
                if (document.length < length)
                {
                    document = new byte[Math.max(length, document.length * 2)];
                    buffer.wrap(document);
                }
                bytes.read(document, 0, length);
                position = 0;
                limit = length;
                documentIndex = dc.index();
                if (length > 0)
                {
                    return true;
                }
            }
        }
    }

    @Override
    public void close()
    {
        tailer.close();
    }
}
