package io.ringway.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.ringway.journal.JournalPretoucher.PAGE_BYTES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalPretoucherTest
{
    @TempDir
    Path dir;

    private static int workUntilIdle(final JournalPretoucher pretoucher) throws IOException
    {
        int pages = 0;
        for (int work; (work = pretoucher.doWork()) > 0; )
        {
            assertTrue(work <= JournalPretoucher.MAX_PAGES_PER_WORK, "one doWork is bounded");
            pages += work;
        }
        return pages;
    }

    /** A pretoucher whose window is larger than any test file, told the appender is at the start of {@code file}. */
    private static JournalPretoucher unboundedFromStartOf(final Path file)
    {
        final JournalPretoucher pretoucher = new JournalPretoucher(1L << 30);
        pretoucher.published(file.toFile(), 0);
        return pretoucher;
    }

    private static Path sparseFile(final Path path, final long bytes) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
        {
            file.setLength(bytes);
        }
        return path;
    }

    @Test
    void shouldDoNothingWhenNothingWasCommitted() throws IOException
    {
        try (Journal journal = Journal.open(dir.resolve("journal")))
        {
            assertEquals(0, journal.pretoucher().doWork());
        }
    }

    @Test
    void shouldReadTheAheadWindowPastTheWritePositionThenWaitUntilTheAppenderUsedAQuarterOfIt() throws IOException
    {
        // the daily cycle on a clock fixed at noon: a run across midnight must not roll the file under the counts below
        final SetTimeProvider noon = new SetTimeProvider(1_800_000_000_000L - 1_800_000_000_000L % 86_400_000L + 43_200_000L);
        try (Journal journal = Journal.openRolling(dir.resolve("journal"), RollCycles.FAST_DAILY, noon);
            JournalAppender appender = journal.appender())
        {
            final JournalPretoucher pretoucher = journal.pretoucher();
            final UnsafeBuffer command = new UnsafeBuffer(new byte[100]);
            appender.append(1, 1, command, 0, command.capacity());

            final long windowPages = JournalPretoucher.DEFAULT_AHEAD_BYTES / PAGE_BYTES;
            assertEquals(windowPages, workUntilIdle(pretoucher), "a whole ahead window, read once");
            assertEquals(0, pretoucher.doWork(), "caught up: nothing more until the appender moves");

            final UnsafeBuffer pages = new UnsafeBuffer(new byte[40 * PAGE_BYTES]);
            appender.append(2, 1, pages, 0, pages.capacity());
            assertEquals(0, workUntilIdle(pretoucher), "less than a quarter of the window used");

            long written = 40;
            for (long sequence = 3; written <= windowPages / 4; sequence++, written += 40)
            {
                appender.append(sequence, 1, pages, 0, pages.capacity());
            }
            final int refilled = workUntilIdle(pretoucher);
            assertTrue(refilled >= written && refilled <= written + 2 * written / 40 + 1,
                "the window refilled by about the " + written + " pages written, was " + refilled);
            assertEquals(0, pretoucher.failures());
            pretoucher.onClose();
        }
    }

    @Test
    void shouldFollowTheAppenderIntoTheNextFileWhenTheJournalRolls() throws IOException
    {
        final SetTimeProvider time = new SetTimeProvider(1_800_000_000_000L);
        try (Journal journal = Journal.openRolling(dir.resolve("journal"), TestRollCycles.TEST_SECONDLY, time);
            JournalAppender appender = journal.appender())
        {
            final JournalPretoucher pretoucher = journal.pretoucher();
            final UnsafeBuffer command = new UnsafeBuffer(new byte[100]);
            final UnsafeBuffer big = new UnsafeBuffer(new byte[100 * 1024]);
            for (int i = 1; i <= 200; i++) // 20 MB into the first file: its position is far past the next file's
            {
                appender.append(i, 1, big, 0, big.capacity());
            }
            assertTrue(workUntilIdle(pretoucher) > 0);
            final File first = pretoucher.fileInUse();
            assertTrue(pretoucher.touchedUpTo() > 20_000_000L);

            time.advanceMillis(1_000); // the next append goes to the next cycle's file
            appender.append(201, 2, command, 0, command.capacity());
            final int pages = workUntilIdle(pretoucher);

            final File second = pretoucher.fileInUse();
            assertNotEquals(first, second, "it moved to the appender's new file");
            assertEquals(JournalPretoucher.DEFAULT_AHEAD_BYTES / PAGE_BYTES, pages, "a whole window ahead in the new file");
            assertTrue(pretoucher.touchedUpTo() < 2 * JournalPretoucher.DEFAULT_AHEAD_BYTES,
                "from the appender's position in the new file, not the old file's, was " + pretoucher.touchedUpTo());
            assertEquals(0, pretoucher.failures());
            pretoucher.onClose();
        }
    }

    @Test
    void shouldStopAtTheFileEndAndStartOverInTheNextFileWhenTheAppenderRolls() throws IOException
    {
        final JournalPretoucher pretoucher = unboundedFromStartOf(sparseFile(dir.resolve("first.cq4"), 3L * 256 * PAGE_BYTES));

        assertEquals(3 * 256, workUntilIdle(pretoucher), "every page of the file, none past its end");
        assertEquals(3L * 256 * PAGE_BYTES, pretoucher.touchedUpTo());

        final Path second = sparseFile(dir.resolve("second.cq4"), 10L * PAGE_BYTES);
        pretoucher.published(second.toFile(), 2 * PAGE_BYTES);
        assertEquals(8, workUntilIdle(pretoucher), "from the appender's position in the new file to its end");
        assertEquals(0, pretoucher.failures());
        pretoucher.onClose();
    }

    @Test
    void shouldStopQuietlyWhenTheFileShrinksUnderIt() throws IOException
    {
        final Path file = sparseFile(dir.resolve("rolled.cq4"), 3L * 256 * PAGE_BYTES);
        final JournalPretoucher pretoucher = unboundedFromStartOf(file);
        assertEquals(256, pretoucher.doWork());

        try (RandomAccessFile shrink = new RandomAccessFile(file.toFile(), "rw"))
        {
            shrink.setLength(PAGE_BYTES); // as Chronicle truncates the old cycle's file when it rolls
        }

        assertEquals(0, pretoucher.doWork(), "reads past the new end return nothing");
        assertEquals(0, pretoucher.failures());
        pretoucher.onClose();
    }

    @Test
    void shouldLeaveEveryRecordIntactWhenItRunsBesideTheAppender()
    {
        final int records = 20_000;
        try (Journal journal = Journal.open(dir.resolve("journal")))
        {
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final JournalPretoucher pretoucher = journal.pretoucher();
            final AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(1), failure::set, null, pretoucher);
            AgentRunner.startOnThread(runner);
            try (JournalAppender appender = journal.appender())
            {
                for (int i = 1; i <= records; i++)
                {
                    final UnsafeBuffer command = new UnsafeBuffer(payload(i));
                    appender.add(i, i, command, 0, command.capacity());
                    if (i % 7 == 0)
                    {
                        appender.commit();
                    }
                    if (i == records / 2)
                    {
                        awaitUpTo10s(() -> pretoucher.pagesTouched() > 0); // it is reading while the rest is written
                    }
                }
            }
            finally
            {
                runner.close();
            }
            assertNull(failure.get());
            assertEquals(0, pretoucher.failures());

            final List<byte[]> read = new ArrayList<>();
            try (JournalReader reader = journal.reader())
            {
                reader.poll((seq, ts, buffer, offset, length) ->
                {
                    final byte[] bytes = new byte[length];
                    buffer.getBytes(offset, bytes);
                    read.add(bytes);
                }, Integer.MAX_VALUE);
            }
            assertEquals(records, read.size());
            for (int i = 1; i <= records; i++)
            {
                assertArrayEquals(payload(i), read.get(i - 1), "record " + i);
            }
        }
    }

    private static void awaitUpTo10s(final java.util.function.BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "the pretoucher thread never ran");
            Thread.onSpinWait();
        }
    }

    private static byte[] payload(final int record)
    {
        final byte[] bytes = new byte[100 + record % 200];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)(record * 31 + i);
        }
        return bytes;
    }
}
