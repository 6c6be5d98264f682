package io.ringway.journal;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest
{
    private static final int[] LENGTHS = {0, 1, 7, 8, 64, 1000, 1024, 1025, 4095, 4096, 4097, 100 * 1024, 3, 0, 512};
    private static final long BASE_TS_MS = 1_700_000_000_000L;

    @TempDir
    Path dir;

    /** A record as read back: copied, since the reader reuses its buffer. */
    record Read(long sequence, long timestampMs, byte[] command)
    {
    }

    private static byte[] payload(final int recordIndex, final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + recordIndex * 7 + (i >>> 8));
        }
        return bytes;
    }

    private static List<Read> readAll(final Journal journal)
    {
        final List<Read> records = new ArrayList<>();
        try (JournalReader reader = journal.reader())
        {
            while (reader.read((seq, ts, buffer, offset, length) -> records.add(copy(seq, ts, buffer, offset, length))))
            {
                // collect
            }
        }
        return records;
    }

    private static Read copy(final long seq, final long ts, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new Read(seq, ts, bytes);
    }

    private static void assertRecords(final List<Read> records, final int count)
    {
        assertEquals(count, records.size());
        for (int i = 0; i < count; i++)
        {
            final int length = LENGTHS[i % LENGTHS.length];
            assertEquals(i + 1, records.get(i).sequence(), "sequence of record " + i);
            assertEquals(BASE_TS_MS + i * 10L, records.get(i).timestampMs(), "timestamp of record " + i);
            assertArrayEquals(payload(i, length), records.get(i).command(), "bytes of record " + i);
        }
    }

    /** Appends LENGTHS from a heap buffer wrapping a larger array at a non-zero offset. */
    private static void appendFromHeap(final Journal journal, final int firstIndex, final int count)
    {
        final int prefix = 13;
        final byte[] backing = new byte[prefix + 200 * 1024];
        final UnsafeBuffer heap = new UnsafeBuffer(backing, 5, backing.length - 5); // wrap adjustment 5
        try (JournalAppender appender = journal.appender())
        {
            for (int i = firstIndex; i < firstIndex + count; i++)
            {
                final byte[] bytes = payload(i, LENGTHS[i % LENGTHS.length]);
                heap.setMemory(0, heap.capacity(), (byte)0x5A);
                heap.putBytes(prefix, bytes);
                appender.append(i + 1, BASE_TS_MS + i * 10L, heap, prefix, bytes.length);
            }
        }
    }

    @Test
    void shouldReadBackRecordsAppendedFromHeapBufferAtNonZeroOffset()
    {
        try (Journal journal = Journal.open(dir.resolve("j")))
        {
            appendFromHeap(journal, 0, LENGTHS.length);
            assertRecords(readAll(journal), LENGTHS.length);
        }
    }

    @Test
    void shouldReadBackRecordsAppendedFromDirectBuffer()
    {
        try (Journal journal = Journal.open(dir.resolve("j")))
        {
            final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(256 * 1024));
            final int prefix = 21;
            try (JournalAppender appender = journal.appender())
            {
                for (int i = 0; i < LENGTHS.length; i++)
                {
                    final byte[] bytes = payload(i, LENGTHS[i]);
                    direct.setMemory(0, direct.capacity(), (byte)0x33);
                    direct.putBytes(prefix, bytes);
                    appender.append(i + 1, BASE_TS_MS + i * 10L, direct, prefix, bytes.length);
                }
            }
            assertRecords(readAll(journal), LENGTHS.length);
        }
    }

    @Test
    void shouldReadBackRecordsAppendedFromHeapByteBufferSlice()
    {
        final byte[] backing = new byte[300 * 1024];
        final ByteBuffer slice = ByteBuffer.wrap(backing, 100, backing.length - 100).slice(); // array offset 100
        final UnsafeBuffer buffer = new UnsafeBuffer(slice);
        try (Journal journal = Journal.open(dir.resolve("j")))
        {
            try (JournalAppender appender = journal.appender())
            {
                for (int i = 0; i < LENGTHS.length; i++)
                {
                    final byte[] bytes = payload(i, LENGTHS[i]);
                    buffer.setMemory(0, buffer.capacity(), (byte)0x11);
                    buffer.putBytes(9, bytes);
                    appender.append(i + 1, BASE_TS_MS + i * 10L, buffer, 9, bytes.length);
                }
            }
            assertRecords(readAll(journal), LENGTHS.length);
        }
    }

    @Test
    void shouldReturnZeroLastSequenceWhenJournalIsEmpty()
    {
        try (Journal journal = Journal.open(dir.resolve("j")))
        {
            assertEquals(0L, journal.lastSequence());
            try (JournalReader reader = journal.reader())
            {
                assertFalse(reader.read((seq, ts, buffer, offset, length) -> { throw new AssertionError("no records"); }));
                assertEquals(0, reader.poll((seq, ts, buffer, offset, length) -> { }, 10));
            }
        }
    }

    @Test
    void shouldReturnSequenceOfLastRecordWhenJournalIsNotEmpty()
    {
        try (Journal journal = Journal.open(dir.resolve("j")))
        {
            appendFromHeap(journal, 0, 1);
            assertEquals(1L, journal.lastSequence());
            appendFromHeap(journal, 1, 11);
            assertEquals(12L, journal.lastSequence());
        }
    }

    @Test
    void shouldReadSameRecordsAndContinueAppendingWhenReopenedAfterClose()
    {
        final Path path = dir.resolve("j");
        try (Journal journal = Journal.open(path))
        {
            appendFromHeap(journal, 0, 6);
        }
        try (Journal journal = Journal.openForReading(path))
        {
            assertEquals(path, journal.directory());
            assertRecords(readAll(journal), 6);
            assertEquals(6L, journal.lastSequence());
        }
        try (Journal journal = Journal.open(path))
        {
            appendFromHeap(journal, 6, LENGTHS.length);
        }
        try (Journal journal = Journal.open(path))
        {
            assertRecords(readAll(journal), 6 + LENGTHS.length);
            assertEquals(6L + LENGTHS.length, journal.lastSequence());
        }
    }

    @Test
    void shouldReadAtMostLimitRecordsWhenPolled()
    {
        try (Journal journal = Journal.open(dir.resolve("j")))
        {
            appendFromHeap(journal, 0, 10);
            final List<Read> records = new ArrayList<>();
            try (JournalReader reader = journal.reader())
            {
                final JournalRecordHandler handler = (seq, ts, buffer, offset, length) -> records.add(copy(seq, ts, buffer, offset, length));
                assertEquals(4, reader.poll(handler, 4));
                assertEquals(4, records.size());
                assertEquals(0, reader.poll(handler, 0));
                assertEquals(4, reader.poll(handler, 4));
                assertEquals(2, reader.poll(handler, 4));
                assertEquals(0, reader.poll(handler, 4));
            }
            assertRecords(records, 10);
        }
    }

    @Test
    void shouldSeeRecordsAppendedAfterReaderReachedTheEnd()
    {
        try (Journal journal = Journal.open(dir.resolve("j")))
        {
            final List<Read> records = new ArrayList<>();
            final JournalRecordHandler handler = (seq, ts, buffer, offset, length) -> records.add(copy(seq, ts, buffer, offset, length));
            try (JournalReader reader = journal.reader())
            {
                appendFromHeap(journal, 0, 2);
                assertEquals(2, reader.poll(handler, 100));
                assertEquals(0, reader.poll(handler, 100));
                appendFromHeap(journal, 2, 3);
                assertEquals(3, reader.poll(handler, 100));
            }
            assertRecords(records, 5);
        }
    }

    @Test
    void shouldHandAnOffsetAndLengthWithinTheReaderBuffer()
    {
        try (Journal journal = Journal.open(dir.resolve("j")))
        {
            appendFromHeap(journal, 0, LENGTHS.length);
            try (JournalReader reader = journal.reader())
            {
                reader.poll((seq, ts, buffer, offset, length) ->
                {
                    assertTrue(offset >= 0);
                    assertTrue(offset + length <= buffer.capacity());
                }, Integer.MAX_VALUE);
            }
        }
    }

    @Test
    void shouldLeaveNoPartialRecordWhenAppendFailsHalfWay()
    {
        try (Journal journal = Journal.open(dir.resolve("j")))
        {
            try (JournalAppender appender = journal.appender())
            {
                final byte[] first = payload(0, LENGTHS[0]);
                appender.append(1, BASE_TS_MS, new UnsafeBuffer(first), 0, first.length);
                // The header is written before the command bytes turn out not to exist: the append must fail
                // without leaving a record whose length promises bytes that are not there.
                final UnsafeBuffer tooShort = new UnsafeBuffer(new byte[10]);
                assertThrows(RuntimeException.class, () -> appender.append(2, BASE_TS_MS + 10, tooShort, 0, 1000));
                final byte[] second = payload(1, LENGTHS[1]);
                appender.append(2, BASE_TS_MS + 10, new UnsafeBuffer(second), 0, second.length);
            }
            assertRecords(readAll(journal), 2);
            assertEquals(2L, journal.lastSequence());
        }
    }

    /** Adds LENGTHS[firstIndex ..] to documents of {@code perDocument} records each. */
    private static void appendInDocuments(final Journal journal, final int firstIndex, final int count, final int perDocument)
    {
        try (JournalAppender appender = journal.appender())
        {
            for (int i = firstIndex; i < firstIndex + count; i++)
            {
                final byte[] bytes = payload(i, LENGTHS[i % LENGTHS.length]);
                appender.add(i + 1, BASE_TS_MS + i * 10L, new UnsafeBuffer(bytes), 0, bytes.length);
                assertEquals((i - firstIndex) % perDocument + 1, appender.openRecords());
                if ((i - firstIndex + 1) % perDocument == 0)
                {
                    appender.commit();
                    assertEquals(0, appender.openRecords());
                    assertEquals(0, appender.openBytes());
                }
            }
        } // close commits the last, partly filled document
    }

    @Test
    void shouldReadEveryRecordInOrderWhenSeveralShareADocument()
    {
        try (Journal journal = Journal.open(dir.resolve("j")))
        {
            appendInDocuments(journal, 0, 7, 4);
            appendFromHeap(journal, 7, 3);
            appendInDocuments(journal, 10, 20, 5);
            assertRecords(readAll(journal), 30);
            assertEquals(30L, journal.lastSequence());
            try (JournalReader reader = journal.reader())
            {
                assertEquals(3, reader.poll((seq, ts, buffer, offset, length) -> { }, 3), "a poll stops inside a document");
                assertEquals(27, reader.poll((seq, ts, buffer, offset, length) -> { }, 100));
            }
        }
    }

    @Test
    void shouldShowNoRecordOfADocumentUntilItIsCommitted()
    {
        try (Journal journal = Journal.open(dir.resolve("j")))
        {
            final List<Read> seen = new ArrayList<>();
            final JournalRecordHandler handler = (seq, ts, buffer, offset, length) -> seen.add(copy(seq, ts, buffer, offset, length));
            try (JournalAppender appender = journal.appender(); JournalReader reader = journal.reader())
            {
                for (int i = 0; i < 3; i++)
                {
                    final byte[] bytes = payload(i, LENGTHS[i]);
                    appender.add(i + 1, BASE_TS_MS + i * 10L, new UnsafeBuffer(bytes), 0, bytes.length);
                }
                assertEquals(3 * JournalRecord.HEADER_LENGTH + LENGTHS[0] + LENGTHS[1] + LENGTHS[2], appender.openBytes());
                assertEquals(0, reader.poll(handler, 10), "nothing of an open document is visible");
                appender.commit();
                assertEquals(3, reader.poll(handler, 10));
            }
            assertRecords(seen, 3);
        }
    }

    @Test
    void shouldDropEveryRecordOfTheDocumentWhenAnAddFailsOrItIsRolledBack()
    {
        try (Journal journal = Journal.open(dir.resolve("j")))
        {
            try (JournalAppender appender = journal.appender())
            {
                final byte[] first = payload(0, LENGTHS[0]);
                appender.append(1, BASE_TS_MS, new UnsafeBuffer(first), 0, first.length);

                final byte[] lost = payload(1, 50);
                appender.add(2, BASE_TS_MS + 10, new UnsafeBuffer(lost), 0, lost.length);
                assertThrows(RuntimeException.class, () -> appender.add(3, BASE_TS_MS + 20, new UnsafeBuffer(new byte[10]), 0, 1000));
                assertEquals(0, appender.openRecords(), "a failed add rolls back the whole document");

                appender.add(2, BASE_TS_MS + 10, new UnsafeBuffer(lost), 0, lost.length);
                appender.rollback();

                final byte[] second = payload(1, LENGTHS[1]);
                appender.add(2, BASE_TS_MS + 10, new UnsafeBuffer(second), 0, second.length);
                appender.commit();
            }
            assertRecords(readAll(journal), 2);
            assertEquals(2L, journal.lastSequence());
        }
    }

    @Test
    void shouldCreateMissingDirectoryWhenOpened()
    {
        final Path path = dir.resolve("a").resolve("b").resolve("journal");
        try (Journal journal = Journal.open(path))
        {
            assertTrue(Files.isDirectory(path));
            assertEquals(0L, journal.lastSequence());
        }
    }

    @Test
    void shouldRefuseToOpenForReadingWhenDirectoryIsMissing()
    {
        assertThrows(JournalException.class, () -> Journal.openForReading(dir.resolve("missing")));
    }

    /** Three documents: records 1-3 (one document), 4, 5-8 (one document); timestamps BASE + 10 * (seq - 1). */
    private static void appendBatches(final Journal journal)
    {
        try (JournalAppender appender = journal.appender())
        {
            int index = 0;
            for (final int batch : new int[] {3, 1, 4})
            {
                for (int i = 0; i < batch; i++, index++)
                {
                    final byte[] bytes = payload(index, 5 + index);
                    appender.add(index + 1, BASE_TS_MS + index * 10L, new UnsafeBuffer(bytes), 0, bytes.length);
                }
                appender.commit();
            }
        }
    }

    @Test
    void shouldReadTheRecordAfterTheSkippedOneWhenSkippingThroughSequencesInsideAndAtTheEndOfDocuments()
    {
        try (Journal journal = Journal.open(dir))
        {
            appendBatches(journal);
            for (long through = 1; through <= 7; through++)
            {
                try (JournalReader reader = journal.reader())
                {
                    assertEquals(BASE_TS_MS + (through - 1) * 10L, reader.skipThrough(through), "timestamp of record " + through);
                    final List<Read> rest = new ArrayList<>();
                    while (reader.read((seq, ts, buffer, offset, length) -> rest.add(copy(seq, ts, buffer, offset, length))))
                    {
                        // collect
                    }
                    assertEquals(8 - through, rest.size(), "records after " + through);
                    for (int i = 0; i < rest.size(); i++)
                    {
                        final int index = (int)through + i;
                        assertEquals(index + 1, rest.get(i).sequence());
                        assertArrayEquals(payload(index, 5 + index), rest.get(i).command());
                    }
                }
            }
        }
    }

    @Test
    void shouldReturnMinusOneWhenSkippingThroughASequenceTheJournalDoesNotHold()
    {
        try (Journal journal = Journal.open(dir))
        {
            appendBatches(journal);
            try (JournalReader reader = journal.reader())
            {
                assertEquals(BASE_TS_MS + 70L, reader.skipThrough(8));
                assertFalse(reader.read((seq, ts, buffer, offset, length) -> { }), "nothing after the last record");
            }
            try (JournalReader reader = journal.reader())
            {
                assertEquals(-1L, reader.skipThrough(9), "the journal ends before it");
            }
            try (JournalReader reader = journal.reader())
            {
                assertEquals(-1L, reader.skipThrough(0), "sequences start at 1");
            }
            assertEquals(BASE_TS_MS, journal.firstTimestampMs());
        }
    }

    @Test
    void shouldReturnMinusOneFirstTimestampWhenJournalIsEmpty()
    {
        try (Journal journal = Journal.open(dir))
        {
            assertEquals(-1L, journal.firstTimestampMs());
        }
    }

    @Test
    void shouldRefuseASecondWriterButLetReadersInWhileTheJournalIsOpen()
    {
        try (Journal writer = Journal.open(dir))
        {
            writer.appender().append(1, BASE_TS_MS, new UnsafeBuffer(payload(0, 8)), 0, 8);

            final JournalException refused = assertThrows(JournalException.class, () -> Journal.open(dir));
            assertEquals("journal " + dir + " is in use by another writer (pid " + ProcessHandle.current().pid() +
                ", this process): one server per --data-dir", refused.getMessage());
            assertEquals(1, WriterLockProbe.tryLockInAnotherProcess(dir),
                "the refused open in this process did not release the lock for other processes");
            try (Journal reader = Journal.openForReading(dir))
            {
                assertEquals(1, readAll(reader).size(), "a reader needs no lock");
            }
        }
        assertEquals(0, WriterLockProbe.tryLockInAnotherProcess(dir), "closing the writer released the directory");
        try (Journal next = Journal.open(dir))
        {
            assertEquals(1, readAll(next).size(), "closing the writer released the directory");
        }
    }
}
