package io.ringway.engine.replay;

import io.ringway.engine.logic.BusinessLogic;
import io.ringway.engine.logic.OutboundSink;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalAppender;
import io.ringway.journal.JournalReader;
import io.ringway.journal.snapshot.SnapshotHeader;
import io.ringway.journal.snapshot.SnapshotStore;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.ringway.engine.LinkTestSupport.direct;
import static io.ringway.engine.LinkTestSupport.gatewayReset;
import static io.ringway.engine.LinkTestSupport.join;
import static io.ringway.engine.LinkTestSupport.publish;
import static io.ringway.engine.LinkTestSupport.sessionClose;
import static io.ringway.engine.LinkTestSupport.sessionOpen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotRecoveryTest
{
    private static final long TS_MS = 1_700_000_000_000L;
    private static final int INBOX_LIMIT = 100;

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private static List<byte[]> commands()
    {
        return List.of(
            gatewayReset(1),
            sessionOpen(1, 1, "alice"),
            sessionOpen(1, 2, "bob"),
            join(1, 1, "j1", "lobby"),
            join(1, 2, "j2", "lobby"),
            publish(1, 1, "p1", "lobby", "\"one\""),
            direct(1, 2, "d1", "carol", "\"kept\""),
            publish(1, 2, "p2", "lobby", "\"two\""),
            sessionClose(1, 1),
            sessionOpen(1, 3, "carol"),
            join(1, 3, "j3", "lobby"),
            publish(1, 2, "p3", "lobby", "\"three\""));
    }

    /** Commands that come after the journal, to compare what two instances do next. */
    private static List<byte[]> more()
    {
        return List.of(
            sessionOpen(1, 4, "alice"),
            join(1, 4, "j4", "lobby"),
            publish(1, 4, "p4", "lobby", "\"four\""),
            direct(1, 3, "d2", "dave", "\"kept too\""),
            sessionOpen(1, 5, "dave"),
            gatewayReset(1));
    }

    private static long timestampOf(final long sequence, final long base)
    {
        return base + sequence * 3;
    }

    /** The journal, in documents of three records: snapshots land inside documents too. */
    private Journal writeJournal(final List<byte[]> commands, final int count, final long baseTsMs)
    {
        final Journal journal = Journal.open(dir.resolve("journal"));
        try (JournalAppender appender = journal.appender())
        {
            for (int i = 0; i < count; i++)
            {
                final byte[] command = commands.get(i);
                appender.add(i + 1, timestampOf(i + 1, baseTsMs), new UnsafeBuffer(command), 0, command.length);
                if (i % 3 == 2)
                {
                    appender.commit();
                }
            }
        }
        return journal;
    }

    private SnapshotStore store()
    {
        return new SnapshotStore(dir.resolve("snapshots"), 10);
    }

    /** A snapshot of the state after the first {@code count} commands, as the engine would write it. */
    private Path writeSnapshot(final SnapshotStore store, final int count, final int version) throws IOException
    {
        return writeSnapshot(store, count, version, -1L); // no journal index hint: the journal is walked from the start
    }

    private Path writeSnapshot(final SnapshotStore store, final int count, final int version, final long journalIndex) throws IOException
    {
        final BusinessLogic logic = new BusinessLogic(OutboundSink.DISCARD, INBOX_LIMIT);
        final List<byte[]> commands = commands();
        for (int i = 0; i < count; i++)
        {
            final byte[] command = commands.get(i);
            logic.apply(i + 1, timestampOf(i + 1, TS_MS), new UnsafeBuffer(command), 0, command.length);
        }
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = logic.writeSnapshot(buffer, 0);
        return store.write(new SnapshotHeader(version, count, timestampOf(count, TS_MS), timestampOf(1, TS_MS), journalIndex),
            buffer.byteArray(), 0, length);
    }

    private SnapshotRecovery.Recovered recover(final Journal journal, final SnapshotStore store, final List<byte[]> events)
    {
        return SnapshotRecovery.recover(journal, store,
            () -> new BusinessLogic((gatewayId, buffer, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                events.add(bytes);
            }, INBOX_LIMIT),
            warnings::add);
    }

    /** Recovers with the store and with none (a full replay), and checks the two agree, now and on what comes next. */
    private SnapshotRecovery.Recovered recoverAndCompareWithFullReplay(final Journal journal, final SnapshotStore store)
    {
        final List<byte[]> fromSnapshot = new ArrayList<>();
        final SnapshotRecovery.Recovered recovered = recover(journal, store, fromSnapshot);
        final List<byte[]> fromJournal = new ArrayList<>();
        final SnapshotRecovery.Recovered full = recover(journal, null, fromJournal);
        assertEquals(0, full.snapshotSequence());
        assertEquals(full.replay().digest(), recovered.replay().digest(), "digest: snapshot + tail = full replay");
        assertEquals(full.replay().lastSequence(), recovered.replay().lastSequence());
        assertEquals(full.replay().lastTimestampMs(), recovered.replay().lastTimestampMs(), "the journaller carries on from the true end");
        assertEquals(full.logic().commandsApplied(), recovered.logic().commandsApplied());

        fromSnapshot.clear();
        fromJournal.clear();
        long sequence = full.replay().lastSequence();
        for (final byte[] command : more())
        {
            sequence++;
            recovered.logic().apply(sequence, timestampOf(sequence, TS_MS), new UnsafeBuffer(command), 0, command.length);
            full.logic().apply(sequence, timestampOf(sequence, TS_MS), new UnsafeBuffer(command), 0, command.length);
        }
        assertTrue(fromJournal.size() >= 5, "the further commands produce output");
        assertEquals(fromJournal.size(), fromSnapshot.size());
        for (int i = 0; i < fromJournal.size(); i++)
        {
            assertArrayEquals(fromJournal.get(i), fromSnapshot.get(i), "further event " + i);
        }
        assertEquals(full.logic().digest(), recovered.logic().digest());
        return recovered;
    }

    @Test
    void shouldLoadTheNewestSnapshotAndReplayOnlyTheRecordsAfterItWhenAllAreValid() throws IOException
    {
        final SnapshotStore store = store();
        writeSnapshot(store, 4, BusinessLogic.snapshotFormatVersion());
        final Path newest = writeSnapshot(store, 8, BusinessLogic.snapshotFormatVersion());
        try (Journal journal = writeJournal(commands(), commands().size(), TS_MS))
        {
            final SnapshotRecovery.Recovered recovered = recoverAndCompareWithFullReplay(journal, store);
            assertEquals(8, recovered.snapshotSequence());
            assertEquals(newest, recovered.snapshotFile());
            assertEquals(commands().size() - 8, recovered.replay().commands(), "only the tail is replayed");
            assertEquals(List.of(), warnings);
        }
    }

    /** The Chronicle index of the document holding each sequence (index 0 unused). */
    private static long[] documentIndexes(final Journal journal, final int count)
    {
        final long[] indexes = new long[count + 1];
        try (JournalReader reader = journal.reader())
        {
            for (int sequence = 1; sequence <= count; sequence++)
            {
                reader.read((seq, ts, buffer, offset, length) -> { });
                indexes[sequence] = reader.documentIndex();
            }
        }
        return indexes;
    }

    @Test
    void shouldRecoverTheSameWhetherTheJournalIndexHintIsRightWrongOrMissing() throws IOException
    {
        try (Journal journal = writeJournal(commands(), commands().size(), TS_MS))
        {
            final long[] indexes = documentIndexes(journal, commands().size());
            assertTrue(indexes[8] > indexes[2], "later documents have higher indexes");
            for (final long hint : new long[] {indexes[8], indexes[7], indexes[2], indexes[12], indexes[12] + 1_000, -1L})
            {
                final SnapshotStore store = new SnapshotStore(dir.resolve("snapshots-" + (hint & 0xFFFFFF)), 1);
                writeSnapshot(store, 8, BusinessLogic.snapshotFormatVersion(), hint);
                final SnapshotRecovery.Recovered recovered = recoverAndCompareWithFullReplay(journal, store);
                assertEquals(8, recovered.snapshotSequence(), "hint " + hint);
                assertEquals(commands().size() - 8, recovered.replay().commands(), "hint " + hint);
            }
            assertEquals(List.of(), warnings);
        }
    }

    @Test
    void shouldReplayNothingAndKeepTheSnapshotTimestampWhenTheSnapshotIsAtTheJournalEnd() throws IOException
    {
        final SnapshotStore store = store();
        writeSnapshot(store, commands().size(), BusinessLogic.snapshotFormatVersion());
        try (Journal journal = writeJournal(commands(), commands().size(), TS_MS))
        {
            final SnapshotRecovery.Recovered recovered = recoverAndCompareWithFullReplay(journal, store);
            assertEquals(commands().size(), recovered.snapshotSequence());
            assertEquals(0, recovered.replay().commands());
            assertEquals(timestampOf(commands().size(), TS_MS), recovered.replay().lastTimestampMs());
        }
    }

    @Test
    void shouldFallBackToTheOlderSnapshotWhenTheNewestHasAFlippedByte() throws IOException
    {
        final SnapshotStore store = store();
        writeSnapshot(store, 4, BusinessLogic.snapshotFormatVersion());
        final Path newest = writeSnapshot(store, 8, BusinessLogic.snapshotFormatVersion());
        final byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(newest, bytes);
        try (Journal journal = writeJournal(commands(), commands().size(), TS_MS))
        {
            final SnapshotRecovery.Recovered recovered = recoverAndCompareWithFullReplay(journal, store);
            assertEquals(4, recovered.snapshotSequence());
            assertEquals(commands().size() - 4, recovered.replay().commands());
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).contains("checksum"), warnings::toString);
        }
    }

    @Test
    void shouldFallBackToTheOlderSnapshotWhenTheNewestIsTruncated() throws IOException
    {
        final SnapshotStore store = store();
        writeSnapshot(store, 4, BusinessLogic.snapshotFormatVersion());
        final Path newest = writeSnapshot(store, 8, BusinessLogic.snapshotFormatVersion());
        final byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(bytes, bytes.length - 9)); // a write that stopped part way
        try (Journal journal = writeJournal(commands(), commands().size(), TS_MS))
        {
            assertEquals(4, recoverAndCompareWithFullReplay(journal, store).snapshotSequence());
            assertTrue(warnings.get(0).contains("truncated"), warnings::toString);
        }
    }

    @Test
    void shouldSkipASnapshotOfAnotherFormatVersionAndReplayTheWholeJournalWhenNoneIsLeft() throws IOException
    {
        final SnapshotStore store = store();
        writeSnapshot(store, 8, BusinessLogic.snapshotFormatVersion() + 1); // written by a newer engine
        try (Journal journal = writeJournal(commands(), commands().size(), TS_MS))
        {
            final SnapshotRecovery.Recovered recovered = recoverAndCompareWithFullReplay(journal, store);
            assertEquals(0, recovered.snapshotSequence());
            assertNull(recovered.snapshotFile());
            assertEquals(commands().size(), recovered.replay().commands(), "the whole journal");
            assertTrue(warnings.get(0).contains("format version"), warnings::toString);
        }
    }

    @Test
    void shouldFallBackToTheOlderSnapshotWhenTheJournalEndsBeforeTheNewest() throws IOException
    {
        final SnapshotStore store = store();
        writeSnapshot(store, 4, BusinessLogic.snapshotFormatVersion());
        writeSnapshot(store, 8, BusinessLogic.snapshotFormatVersion());
        try (Journal journal = writeJournal(commands(), 6, TS_MS)) // the same journal, but only its first 6 records
        {
            final SnapshotRecovery.Recovered recovered = recoverAndCompareWithFullReplay(journal, store);
            assertEquals(4, recovered.snapshotSequence());
            assertEquals(6, recovered.replay().lastSequence());
            assertEquals(2, recovered.replay().commands());
            assertTrue(warnings.get(0).contains("does not hold"), warnings::toString);
        }
    }

    @Test
    void shouldReplayTheWholeJournalWhenTheSnapshotsBelongToAnotherJournal() throws IOException
    {
        final SnapshotStore store = store();
        writeSnapshot(store, 4, BusinessLogic.snapshotFormatVersion());
        writeSnapshot(store, 8, BusinessLogic.snapshotFormatVersion());
        // the journal was wiped and a new one written, with the same commands but at other times
        try (Journal journal = writeJournal(commands(), commands().size(), TS_MS + 60_000))
        {
            final List<byte[]> events = new ArrayList<>();
            final SnapshotRecovery.Recovered recovered = recover(journal, store, events);
            assertEquals(0, recovered.snapshotSequence());
            assertEquals(commands().size(), recovered.replay().commands());
            assertEquals(recover(journal, null, new ArrayList<>()).replay().digest(), recovered.replay().digest());
            assertEquals(2, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).contains("another journal"), warnings::toString);
        }
    }

    @Test
    void shouldSkipASnapshotWhoseJournalRecordHasAnotherTimestamp() throws IOException
    {
        final SnapshotStore store = store();
        final List<byte[]> commands = commands();
        writeSnapshot(store, 8, BusinessLogic.snapshotFormatVersion());
        // same first record, but record 8 was journaled at another time: not the journal the snapshot came from
        final Journal journal = Journal.open(dir.resolve("journal"));
        try (journal; JournalAppender appender = journal.appender())
        {
            for (int i = 0; i < commands.size(); i++)
            {
                final byte[] command = commands.get(i);
                appender.append(i + 1, timestampOf(i + 1, TS_MS) + (i == 7 ? 1 : 0), new UnsafeBuffer(command), 0, command.length);
            }
            assertEquals(0, recover(journal, store, new ArrayList<>()).snapshotSequence());
            assertTrue(warnings.get(0).contains("another timestamp"), warnings::toString);
        }
    }

    @Test
    void shouldSkipASnapshotWhoseBodyDoesNotLoadEvenThoughItsChecksumHolds() throws IOException
    {
        final SnapshotStore store = store();
        writeSnapshot(store, 4, BusinessLogic.snapshotFormatVersion());
        final byte[] garbage = {1, 2, 3, 4, 5, 6, 7};
        store.write(new SnapshotHeader(BusinessLogic.snapshotFormatVersion(), 8, timestampOf(8, TS_MS), timestampOf(1, TS_MS), -1L),
            garbage, 0, garbage.length);
        try (Journal journal = writeJournal(commands(), commands().size(), TS_MS))
        {
            assertEquals(4, recoverAndCompareWithFullReplay(journal, store).snapshotSequence());
            assertTrue(warnings.get(0).contains("does not load"), warnings::toString);
        }
    }

    @Test
    void shouldReplayTheWholeJournalWhenThereAreNoSnapshots()
    {
        try (Journal journal = writeJournal(commands(), commands().size(), TS_MS))
        {
            final SnapshotRecovery.Recovered recovered = recover(journal, store(), new ArrayList<>());
            assertEquals(0, recovered.snapshotSequence());
            assertEquals(commands().size(), recovered.replay().commands());
            assertEquals(timestampOf(1, TS_MS), recovered.journalFirstTimestampMs());
            assertEquals(List.of(), warnings);
        }
    }
}
