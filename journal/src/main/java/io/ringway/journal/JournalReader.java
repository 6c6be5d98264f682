package io.ringway.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads {@link JournalRecord}s in order. Confined to one thread. The buffer handed to the
 * handler is reused: copy what must outlive the call.
 */
public final class JournalReader implements AutoCloseable
{
    private final ExcerptTailer tailer;
    private byte[] scratch = new byte[4096];
    private final UnsafeBuffer buffer = new UnsafeBuffer(scratch);

    JournalReader(final ExcerptTailer tailer)
    {
        this.tailer = tailer;
    }

    /** @return true when a record was read and handed over; false at the end of the journal. */
    public boolean read(final JournalRecordHandler handler)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long sequence = bytes.readLong();
            final long timestampMs = bytes.readLong();
            final int length = bytes.readInt();
            if (length < 0 || length > bytes.readRemaining())
            {
                throw new JournalException("corrupt record at sequence " + sequence + ": length " + length, null);
            }
            if (scratch.length < length)
            {
                scratch = new byte[Math.max(length, scratch.length * 2)];
                buffer.wrap(scratch);
            }
            bytes.read(scratch, 0, length);
            handler.onRecord(sequence, timestampMs, buffer, 0, length);
            return true;
        }
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

    @Override
    public void close()
    {
        tailer.close();
    }
}
