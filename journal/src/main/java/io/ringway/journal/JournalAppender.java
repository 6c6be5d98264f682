package io.ringway.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;

/**
 * Appends {@link JournalRecord}s. Confined to the thread that uses it (the journaller).
 * Allocation-free when the command sits in a heap-array buffer; a direct buffer is staged
 * through a reused array.
 */
public final class JournalAppender implements AutoCloseable
{
    private final ExcerptAppender appender;
    private byte[] staging = new byte[1024];

    JournalAppender(final ExcerptAppender appender)
    {
        this.appender = appender;
    }

    public void append(
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
        try (DocumentContext dc = appender.writingDocument())
        {
            try
            {
                final Bytes<?> bytes = dc.wire().bytes();
                bytes.writeLong(sequence);
                bytes.writeLong(timestampMs);
                bytes.writeInt(length);
                bytes.write(array, arrayOffset, length);
            }
            catch (final RuntimeException | Error ex)
            {
                // Closing commits whatever was written: a failed append must leave no half record behind.
                dc.rollbackOnClose();
                throw ex;
            }
        }
    }

    @Override
    public void close()
    {
        appender.close();
    }
}
