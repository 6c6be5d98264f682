package io.ringway.engine.replay;

import io.ringway.engine.logic.BusinessLogic;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalReader;
import io.ringway.journal.snapshot.SnapshotCorruptException;
import io.ringway.journal.snapshot.SnapshotFile;
import io.ringway.journal.snapshot.SnapshotHeader;
import io.ringway.journal.snapshot.SnapshotStore;
import io.ringway.journal.snapshot.StoredSnapshot;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Start-up recovery: the newest usable snapshot, loaded into a fresh business logic, then the journal
 * records after it; or, when no snapshot is usable, the whole journal. A snapshot is usable when its
 * file is whole (length, checksum), its format version is this engine's, and it belongs to this journal:
 * the journal's first record has the timestamp the snapshot recorded and the journal holds the
 * snapshot's last sequence, with the same timestamp (a journal wiped or replaced under an old snapshot
 * fails this). Each snapshot passed over is reported to {@code warnings}, with the reason.
 */
public final class SnapshotRecovery
{
    private SnapshotRecovery()
    {
    }

    /**
     * What recovery produced.
     *
     * @param logic                   the recovered business logic
     * @param replay                  the journal replay after the snapshot (the whole journal without one);
     *                                {@code commands} counts only the records replayed
     * @param snapshotSequence        last sequence of the snapshot started from, 0 for none
     * @param snapshotFile            that snapshot, or null
     * @param journalFirstTimestampMs the journal's identity, -1 for an empty journal
     */
    public record Recovered(BusinessLogic logic, ReplayResult replay, long snapshotSequence, Path snapshotFile,
        long journalFirstTimestampMs)
    {
    }

    /**
     * @param store    the snapshots to try, newest first; null for a full replay
     * @param newLogic a fresh business logic per attempt (a snapshot that fails to load leaves its instance half built)
     */
    public static Recovered recover(
        final Journal journal, final SnapshotStore store, final Supplier<BusinessLogic> newLogic, final Consumer<String> warnings)
    {
        final long journalFirstTimestampMs = journal.firstTimestampMs();
        if (store != null)
        {
            final Recovered recovered = fromSnapshot(journal, store, newLogic, warnings, Long.MAX_VALUE, logic -> true);
            if (recovered != null)
            {
                return recovered;
            }
        }
        final BusinessLogic logic = newLogic.get();
        final ReplayResult replay = new JournalReplayer(logic, Long.MAX_VALUE).replay(journal);
        return new Recovered(logic, replay, 0, null, journalFirstTimestampMs);
    }

    /**
     * The state at {@code toSequence} from the newest usable snapshot at or before it that {@code wanted}
     * accepts once loaded, plus the journal records after that snapshot up to {@code toSequence}; null when
     * no snapshot qualifies (no full replay here). The history reader starts deep pages this way.
     */
    public static Recovered fromSnapshot(
        final Journal journal, final SnapshotStore store, final Supplier<BusinessLogic> newLogic, final Consumer<String> warnings,
        final long toSequence, final Predicate<BusinessLogic> wanted)
    {
        final long journalFirstTimestampMs = journal.firstTimestampMs();
        for (final Path file : store.newestFirst())
        {
            if (SnapshotFile.sequenceOf(file.getFileName().toString()) > toSequence)
            {
                continue; // newer than the state asked for
            }
            final Recovered recovered = tryFrom(journal, store, file, newLogic, warnings, journalFirstTimestampMs, toSequence, wanted);
            if (recovered != null)
            {
                return recovered;
            }
        }
        return null;
    }

    private static Recovered tryFrom(final Journal journal, final SnapshotStore store, final Path file,
        final Supplier<BusinessLogic> newLogic, final Consumer<String> warnings, final long journalFirstTimestampMs,
        final long toSequence, final Predicate<BusinessLogic> wanted)
    {
        final StoredSnapshot snapshot;
        try
        {
            snapshot = store.read(file);
        }
        catch (final SnapshotCorruptException ex)
        {
            warnings.accept("snapshot skipped: " + ex.getMessage());
            return null;
        }
        final SnapshotHeader header = snapshot.header();
        final String name = file.getFileName().toString();
        if (header.formatVersion() != BusinessLogic.snapshotFormatVersion())
        {
            warnings.accept("snapshot skipped: " + name + " has format version " + header.formatVersion() +
                ", this engine reads version " + BusinessLogic.snapshotFormatVersion());
            return null;
        }
        if (header.journalFirstTimestampMs() != journalFirstTimestampMs)
        {
            warnings.accept("snapshot skipped: " + name + " belongs to another journal (first record at " +
                header.journalFirstTimestampMs() + " ms, this journal's at " + journalFirstTimestampMs + " ms)");
            return null;
        }
        JournalReader reader = journal.reader();
        try
        {
            // Straight to the document the snapshot names, if it holds the record; else walk from the start.
            long timestampMs = -1L;
            if (reader.moveToDocument(header.journalIndex()))
            {
                timestampMs = reader.skipThrough(header.lastSequence());
            }
            if (timestampMs != header.lastTimestampMs())
            {
                reader.close();
                reader = journal.reader();
                timestampMs = reader.skipThrough(header.lastSequence());
            }
            if (timestampMs != header.lastTimestampMs())
            {
                warnings.accept("snapshot skipped: " + name + " is at sequence " + header.lastSequence() +
                    (timestampMs < 0 ? ", which this journal does not hold" : ", which this journal holds with another timestamp"));
                return null;
            }
            final BusinessLogic logic = newLogic.get();
            try
            {
                logic.loadSnapshot(new UnsafeBuffer(snapshot.body()), 0, snapshot.body().length);
            }
            catch (final RuntimeException ex)
            {
                warnings.accept("snapshot skipped: " + name + " does not load: " + ex.getMessage());
                return null;
            }
            if (logic.lastAppliedSequence() != header.lastSequence())
            {
                warnings.accept("snapshot skipped: " + name + " holds state at sequence " + logic.lastAppliedSequence() +
                    ", its header says " + header.lastSequence());
                return null;
            }
            if (!wanted.test(logic))
            {
                return null;
            }
            final ReplayResult replay = new JournalReplayer(logic, toSequence, header.lastTimestampMs()).replay(reader);
            return new Recovered(logic, replay, header.lastSequence(), file, journalFirstTimestampMs);
        }
        finally
        {
            reader.close();
        }
    }
}
