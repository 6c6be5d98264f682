package io.ringway.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The command journal: a Chronicle Queue directory of {@link JournalRecord}s. Chronicle writes
 * to memory-mapped files, so a record appended before a process crash (kill -9) is on disk;
 * surviving power loss would need an msync per record, which this journal does not do.
 *
 * <p>The queue object is thread-safe; appenders and readers are each confined to one thread.
 */
public final class Journal implements AutoCloseable
{
    private final Path directory;
    private final ChronicleQueue queue;
    private final JournalPretoucher pretoucher = new JournalPretoucher();
    private final UnaryOperator<ExcerptAppender> decorate;
    /** Held while a writer has the journal open; null for a reader. */
    private final JournalWriterLock writerLock;

    private Journal(
        final Path directory, final SingleChronicleQueueBuilder builder, final UnaryOperator<ExcerptAppender> decorate,
        final JournalWriterLock writerLock)
    {
        this.directory = directory;
        this.queue = builder.build();
        this.decorate = decorate;
        this.writerLock = writerLock;
    }

    /** Not readOnly even for offline readers: Chronicle's read-only mode fails on a queue a live writer holds. */
    private static SingleChronicleQueueBuilder builder(final Path directory)
    {
        return SingleChronicleQueueBuilder.binary(directory.toFile());
    }

    /** A writer's journal: the directory created if needed and locked against every other writer. */
    private static Journal openForWriting(
        final Path directory, final SingleChronicleQueueBuilder builder, final UnaryOperator<ExcerptAppender> decorate)
    {
        createDirectories(directory);
        final JournalWriterLock lock = JournalWriterLock.acquire(directory);
        try
        {
            return new Journal(directory, builder, decorate, lock);
        }
        catch (final RuntimeException | Error ex)
        {
            lock.close();
            throw ex;
        }
    }

    /** For tests of what happens when the journal's file rolls: Chronicle's roll cycle, driven by {@code time}. */
    static Journal openRolling(final Path directory, final RollCycle rollCycle, final TimeProvider time)
    {
        return openForWriting(directory, builder(directory).rollCycle(rollCycle).timeProvider(time), UnaryOperator.identity());
    }

    /**
     * Opens (creating if needed) the journal in {@code directory} for appending and reading, as its only writer.
     * @throws JournalException when another writer, in this process or another, has it open
     */
    public static Journal open(final Path directory)
    {
        return openForWriting(directory, builder(directory), UnaryOperator.identity());
    }

    private static void createDirectories(final Path directory)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final java.io.IOException ex)
        {
            throw new JournalException("cannot create journal directory " + directory, ex);
        }
    }

    /**
     * For fault-injection tests: opens the journal like {@link #open}, with every appender's Chronicle
     * appender passed through {@code decorate} (one that fails where a disk would, say).
     */
    public static Journal openDecorated(final Path directory, final UnaryOperator<ExcerptAppender> decorate)
    {
        return openForWriting(directory, builder(directory), decorate);
    }

    /** Opens an existing journal to read it, for offline replay and dumps. */
    public static Journal openForReading(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            throw new JournalException("no journal at " + directory, null);
        }
        return new Journal(directory, builder(directory), UnaryOperator.identity(), null);
    }

    public Path directory()
    {
        return directory;
    }

    /** A new appender; use it from one thread only. It tells {@link #pretoucher()} where it writes. */
    public JournalAppender appender()
    {
        return new JournalAppender(decorate.apply(queue.createAppender()), pretoucher);
    }

    /**
     * Reads pages ahead of this journal's appender so its writes don't fault them in; an
     * {@link org.agrona.concurrent.Agent} for the caller to run on a thread of its own, or not at all.
     */
    public JournalPretoucher pretoucher()
    {
        return pretoucher;
    }

    /** A new reader positioned before the first record; use it from one thread only. */
    public JournalReader reader()
    {
        return new JournalReader(queue.createTailer());
    }

    /** @return the engine sequence of the last record, or 0 for an empty journal. */
    public long lastSequence()
    {
        // The last document may hold several records: the last of them is the one wanted.
        try (JournalReader reader = new JournalReader(queue.createTailer().direction(TailerDirection.BACKWARD).toEnd()))
        {
            return Math.max(0L, reader.lastSequenceOfNextDocument());
        }
    }

    /**
     * @return the journal timestamp of the first record, or -1 for an empty journal: with the records'
     *         sequences it tells one journal from another (a snapshot records it, see the snapshot package)
     */
    public long firstTimestampMs()
    {
        final long[] first = {-1L};
        try (JournalReader reader = reader())
        {
            reader.read((sequence, timestampMs, command, offset, length) -> first[0] = timestampMs);
        }
        return first[0];
    }

    @Override
    public void close()
    {
        try
        {
            queue.close();
        }
        finally
        {
            if (writerLock != null)
            {
                writerLock.close();
            }
        }
    }
}
