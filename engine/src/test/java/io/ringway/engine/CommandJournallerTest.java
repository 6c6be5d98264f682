package io.ringway.engine;

import io.ringway.journal.FaultyAppender;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalReader;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandJournallerTest
{
    private static final long CLOCK_MS = 1_800_000_000_000L;

    @TempDir
    Path dir;

    private Journal journal;
    private final EngineErrors errors = new EngineErrors();
    private final CommandEvent[] ring = new CommandEvent[64];
    private CommandJournaller journaller;

    @BeforeEach
    void open()
    {
        journal = Journal.open(dir.resolve("journal"));
        for (int i = 0; i < ring.length; i++)
        {
            ring[i] = new CommandEvent();
        }
        journaller = startedWith(() -> CLOCK_MS);
    }

    /** A journaller over this test's journal and ring, reading {@code clock}, started. */
    private CommandJournaller startedWith(final EpochClock clock)
    {
        final CommandJournaller started = new CommandJournaller(journal, clock, errors, 0, 0);
        started.ring(sequence -> ring[(int)sequence], new BackoffWaitStrategy(0, 0));
        started.onStart();
        return started;
    }

    @AfterEach
    void close()
    {
        journaller.onShutdown();
        journal.close();
    }

    private CommandEvent offer(final int ringSequence, final int bytes)
    {
        final CommandEvent event = ring[ringSequence];
        event.copyFrom(new UnsafeBuffer(new byte[bytes]), 0, bytes);
        return event;
    }

    private List<Long> journaledSequences()
    {
        final List<Long> sequences = new ArrayList<>();
        try (JournalReader reader = journal.reader())
        {
            reader.poll((seq, ts, buffer, offset, length) -> sequences.add(seq), Integer.MAX_VALUE);
        }
        return sequences;
    }

    @Test
    void shouldCommitABatchAtItsEndAndStampGapFreeSequencesWhenSeveralCommandsArrive()
    {
        for (int s = 0; s < 3; s++)
        {
            journaller.onEvent(offer(s, 40), s, false);
        }
        assertEquals(List.of(), journaledSequences(), "no command of an unfinished batch is in the journal yet");

        journaller.onEvent(offer(3, 40), 3, true);

        assertEquals(List.of(1L, 2L, 3L, 4L), journaledSequences());
        for (int s = 0; s < 4; s++)
        {
            assertTrue(ring[s].journaled);
            assertEquals(s + 1, ring[s].sequence);
            assertEquals(CLOCK_MS, ring[s].timestampMs);
        }
    }

    @Test
    void shouldCommitMidBatchWhenTheDocumentWouldGrowPastTheLimit()
    {
        final int bytes = CommandJournaller.MAX_DOCUMENT_BYTES / 4;
        for (int s = 0; s < 4; s++)
        {
            journaller.onEvent(offer(s, bytes), s, false);
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), journaledSequences(), "the fourth command took the document past the limit");
        journaller.onEvent(offer(4, bytes), 4, true);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), journaledSequences());
    }

    @Test
    void shouldMarkEveryCommandOfTheDocumentUnjournaledAndReuseTheirSequencesWhenAnAppendFails()
    {
        journaller.onEvent(offer(0, 40), 0, true);
        journaller.onEvent(offer(1, 40), 1, false);
        journaller.onEvent(offer(2, 40), 2, false);
        final CommandEvent broken = offer(3, 40);
        broken.length = broken.buffer.capacity() + 1; // the append runs off the end of the command's buffer
        journaller.onEvent(broken, 3, false);
        journaller.onEvent(offer(4, 40), 4, true);

        assertOnlyTheFailedDocumentLost(3, 4);
    }

    @Test
    void shouldRejectTheWholeDocumentWithoutThrowingWhenAnAppendFailsWithAnError()
    {
        journaller.onEvent(offer(0, 40), 0, true);
        journaller.onEvent(offer(1, 40), 1, false);
        ring[2] = new CommandEvent(new UnsafeBuffer(new byte[40])
        {
            @Override
            public byte[] byteArray()
            {
                // An Error, not an exception. A failed mapping of the next journal chunk throws OutOfMemoryError
                // ("Map failed"), which the test JVM's runner treats as fatal even when it is caught.
                throw new IOError(new IOException("No space left on device"));
            }
        });
        ring[2].length = 40;
        ring[2].journaled = true; // as a reused slot would be: the failure must clear it
        journaller.onEvent(ring[2], 2, false); // an Error escaping here would leave command 1 marked journaled
        journaller.onEvent(offer(3, 40), 3, true);

        assertOnlyTheFailedDocumentLost(2, 3);
    }

    /**
     * Command 0 was committed alone; commands 1..{@code failedAppend} were one document, lost when the last of them
     * failed to append; command {@code next} opened the next document and took the lost ones' first sequence.
     */
    private void assertOnlyTheFailedDocumentLost(final int failedAppend, final int next)
    {
        assertTrue(ring[0].journaled);
        for (int s = 1; s <= failedAppend; s++)
        {
            assertFalse(ring[s].journaled, s == failedAppend ? "the failed append" : "in the failed document");
        }
        assertTrue(ring[next].journaled);
        assertEquals(2, ring[next].sequence, "the failed document's sequences are reused: no gap");
        assertEquals(failedAppend, errors.journalFailures());
        assertEquals(List.of(1L, 2L), journaledSequences());
    }

    @Test
    void shouldTakeTheDocumentAsCommittedWhenItsCloseFailedAfterItReachedTheJournal()
    {
        final FaultyAppender faults = new FaultyAppender();
        journaller = startedOn(faults);
        journaller.onEvent(offer(0, 40), 0, false);
        faults.failNextClose(FaultyAppender.Fault.AFTER_COMPLETING);
        journaller.onEvent(offer(1, 40), 1, true);
        journaller.onEvent(offer(2, 40), 2, true);

        assertTrue(ring[0].journaled && ring[1].journaled && ring[2].journaled, "the document is in the journal: applied");
        assertEquals(3, ring[2].sequence, "no sequence reused");
        assertEquals(0, errors.journalFailures());
        assertEquals(List.of(1L, 2L, 3L), journaledSequences());
    }

    @Test
    void shouldRejectEveryLaterCommandWhenACommitsOutcomeIsUnknown()
    {
        final FaultyAppender faults = new FaultyAppender();
        journaller = startedOn(faults);
        journaller.onEvent(offer(0, 40), 0, true);
        journaller.onEvent(offer(1, 40), 1, false);
        faults.failNextClose(FaultyAppender.Fault.AFTER_COMPLETING);
        faults.failReadBack();
        journaller.onEvent(offer(2, 40), 2, true);
        final CommandEvent later = offer(3, 40);
        later.journaled = true; // as a reused slot would be
        journaller.onEvent(later, 3, true);

        assertTrue(ring[0].journaled);
        assertFalse(ring[1].journaled || ring[2].journaled, "in the document whose outcome is unknown");
        assertTrue(ring[1].outcomeUnknown && ring[2].outcomeUnknown, "answered as maybe journaled, not as rejected");
        assertFalse(ring[3].journaled, "nothing is appended behind a document that may be in the journal");
        assertFalse(ring[3].outcomeUnknown, "certainly not journaled");
        assertTrue(errors.journalStopped());
        assertEquals(3, errors.journalFailures());
        assertEquals(List.of(1L, 2L, 3L), journaledSequences(), "a restart's replay reads what the journal holds");
    }

    /** A journaller over this test's journal, reopened with its Chronicle appender failing as {@code faults} says, started. */
    private CommandJournaller startedOn(final FaultyAppender faults)
    {
        journaller.onShutdown();
        journal.close();
        journal = Journal.openDecorated(dir.resolve("journal"), faults);
        return startedWith(() -> CLOCK_MS);
    }

    @Test
    void shouldStampEveryCommandOfADocumentWithTheTimeItOpenedWhenTheClockMovesMidBatch()
    {
        final long[] now = {CLOCK_MS};
        final int[] reads = {0};
        final CommandJournaller ticking = startedWith(() ->
        {
            reads[0]++;
            return now[0]++;
        });
        try
        {
            ticking.onEvent(offer(0, 40), 0, false);
            ticking.onEvent(offer(1, 40), 1, false);
            ticking.onEvent(offer(2, 40), 2, true);
            ticking.onEvent(offer(3, 40), 3, true);
        }
        finally
        {
            ticking.onShutdown();
        }

        assertEquals(2, reads[0], "one clock read per document, not per command");
        assertEquals(CLOCK_MS, ring[0].timestampMs);
        assertEquals(CLOCK_MS, ring[2].timestampMs, "same document as the first command");
        assertEquals(CLOCK_MS + 1, ring[3].timestampMs, "the next document reads the clock again");
    }

    @Test
    void shouldNotStampEarlierThanThePreviousDocumentWhenTheWallClockGoesBack()
    {
        final long[] now = {CLOCK_MS};
        final CommandJournaller stepping = startedWith(() -> now[0]);
        try
        {
            stepping.onEvent(offer(0, 40), 0, true);
            now[0] = CLOCK_MS - 5_000;
            stepping.onEvent(offer(1, 40), 1, true);
        }
        finally
        {
            stepping.onShutdown();
        }

        assertEquals(CLOCK_MS, ring[1].timestampMs);
    }

    @Test
    void shouldReadTheClockAgainForTheDocumentAfterOneThatFailed()
    {
        final long[] now = {CLOCK_MS};
        final CommandJournaller ticking = startedWith(() -> now[0]++);
        try
        {
            ticking.onEvent(offer(0, 40), 0, false);
            final CommandEvent broken = offer(1, 40);
            broken.length = broken.buffer.capacity() + 1; // the append fails: the document is rolled back
            ticking.onEvent(broken, 1, false);
            ticking.onEvent(offer(2, 40), 2, true);
        }
        finally
        {
            ticking.onShutdown();
        }

        assertFalse(ring[0].journaled);
        assertTrue(ring[2].journaled);
        assertEquals(CLOCK_MS + 1, ring[2].timestampMs, "a new document after the failed one, with a fresh clock read");
    }

    @Test
    void shouldReadTheClockAgainWhenADocumentIsCommittedMidBatch()
    {
        final long[] now = {CLOCK_MS};
        final CommandJournaller ticking = startedWith(() -> now[0]++);
        final int bytes = CommandJournaller.MAX_DOCUMENT_BYTES / 4;
        try
        {
            for (int s = 0; s < 5; s++)
            {
                ticking.onEvent(offer(s, bytes), s, s == 4);
            }
        }
        finally
        {
            ticking.onShutdown();
        }

        assertEquals(CLOCK_MS, ring[3].timestampMs, "the fourth command filled the first document");
        assertEquals(CLOCK_MS + 1, ring[4].timestampMs, "the fifth opened a second document mid-batch");
    }
}
