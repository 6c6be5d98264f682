package io.ringway.engine.replay;

import io.ringway.engine.logic.BusinessLogic;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalReader;
import io.ringway.journal.JournalRecordHandler;
import org.agrona.DirectBuffer;

/**
 * Re-runs the business logic over a journal: at engine start-up to rebuild state, and offline
 * ({@code ringway replay}) to reproduce and check a run. Same journal, same digest.
 */
public final class JournalReplayer implements JournalRecordHandler
{
    private final BusinessLogic logic;
    private final long toSequence;
    private long commands;
    private long lastTimestampMs;
    private boolean done;

    /**
     * @param toSequence stop after applying this sequence; {@link Long#MAX_VALUE} for the whole journal.
     */
    public JournalReplayer(final BusinessLogic logic, final long toSequence)
    {
        this(logic, toSequence, 0);
    }

    /**
     * For a logic that already holds state (loaded from a snapshot).
     *
     * @param lastTimestampMs journal timestamp of the last command the logic holds: the result's if no record follows
     */
    public JournalReplayer(final BusinessLogic logic, final long toSequence, final long lastTimestampMs)
    {
        this.logic = logic;
        this.toSequence = toSequence;
        this.lastTimestampMs = lastTimestampMs;
    }

    /** Replays from the start of the journal into this replayer's business logic. */
    public ReplayResult replay(final Journal journal)
    {
        try (JournalReader reader = journal.reader())
        {
            return replay(reader);
        }
    }

    /** Replays the records {@code reader} has not read yet (after a snapshot, see {@link SnapshotRecovery}). */
    public ReplayResult replay(final JournalReader reader)
    {
        while (!done && reader.read(this))
        {
            // each record goes through onRecord
        }
        return new ReplayResult(commands, logic.lastAppliedSequence(), lastTimestampMs, logic.digest());
    }

    @Override
    public void onRecord(final long sequence, final long timestampMs, final DirectBuffer command, final int offset, final int length)
    {
        if (sequence > toSequence)
        {
            done = true;
            return;
        }
        logic.apply(sequence, timestampMs, command, offset, length);
        commands++;
        lastTimestampMs = timestampMs;
        if (sequence == toSequence)
        {
            done = true;
        }
    }
}
