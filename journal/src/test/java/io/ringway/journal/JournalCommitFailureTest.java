package io.ringway.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A commit whose Chronicle close fails, before or after the document became readable
 * ({@link FaultyAppender}).
 */
class JournalCommitFailureTest
{
    @TempDir
    Path dir;

    private final FaultyAppender faults = new FaultyAppender();
    private Journal journal;

    @AfterEach
    void close()
    {
        if (journal != null)
        {
            journal.close();
        }
    }

    private JournalAppender appender()
    {
        journal = Journal.openDecorated(dir, faults);
        return journal.appender();
    }

    private List<Long> sequencesInJournal()
    {
        final List<Long> sequences = new ArrayList<>();
        try (Journal reading = Journal.openForReading(dir); JournalReader reader = reading.reader())
        {
            reader.poll((seq, ts, buffer, offset, length) -> sequences.add(seq), Integer.MAX_VALUE);
        }
        return sequences;
    }

    private static void add(final JournalAppender appender, final long sequence)
    {
        appender.add(sequence, 1_800_000_000_000L, new UnsafeBuffer(new byte[24]), 0, 24);
    }

    @Test
    void shouldThrowAndLeaveNothingWhenTheCloseFailsBeforeTheDocumentIsComplete()
    {
        final JournalAppender appender = appender();
        add(appender, 1);
        appender.commit();

        add(appender, 2);
        add(appender, 3);
        faults.failNextClose(FaultyAppender.Fault.BEFORE_COMPLETING);
        assertThrows(IllegalStateException.class, appender::commit);

        add(appender, 2); // the sequences are free again
        appender.commit();
        assertEquals(List.of(1L, 2L), sequencesInJournal());
    }

    @Test
    void shouldTellAFailedFirstDocumentOfAnEmptyJournalFromACommittedOne()
    {
        final JournalAppender appender = appender();
        add(appender, 1);
        faults.failNextClose(FaultyAppender.Fault.BEFORE_COMPLETING);
        assertThrows(IllegalStateException.class, appender::commit);

        add(appender, 1);
        faults.failNextClose(FaultyAppender.Fault.AFTER_COMPLETING);
        appender.commit();
        assertEquals(List.of(1L), sequencesInJournal());
    }

    @Test
    void shouldReturnNormallyWhenTheCloseFailsAfterTheDocumentBecameReadable()
    {
        final JournalAppender appender = appender();
        add(appender, 1);
        appender.commit();
        final long first = appender.lastCommittedIndex();

        add(appender, 2);
        add(appender, 3);
        faults.failNextClose(FaultyAppender.Fault.AFTER_COMPLETING);
        appender.commit(); // committed: the caller must not reuse 2 and 3

        assertEquals(List.of(1L, 2L, 3L), sequencesInJournal());
        assertEquals(first + 1, appender.lastCommittedIndex());
    }

    @Test
    void shouldSayTheOutcomeIsUnknownWhenTheJournalCannotBeReadBack()
    {
        final JournalAppender appender = appender();
        add(appender, 1);
        faults.failNextClose(FaultyAppender.Fault.AFTER_COMPLETING);
        faults.failReadBack();

        final JournalCommitUnknownException unknown = assertThrows(JournalCommitUnknownException.class, appender::commit);
        assertEquals("a journal commit failed and the journal cannot be read back", unknown.getMessage());
    }
}
