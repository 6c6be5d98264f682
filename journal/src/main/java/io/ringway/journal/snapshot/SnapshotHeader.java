package io.ringway.journal.snapshot;

/**
 * What a snapshot says about itself (see {@link SnapshotFile}).
 *
 * @param formatVersion           layout version of the body, owned by whoever wrote it
 * @param lastSequence            engine sequence of the last command applied before the snapshot
 * @param lastTimestampMs         journal timestamp of that command: proves the journal is the one the snapshot came from
 * @param journalFirstTimestampMs journal timestamp of the journal's first record, its identity
 * @param journalIndex            Chronicle index of the journal document holding {@code lastSequence}, -1 when not known:
 *                                a hint to skip straight there, checked like everything else
 */
public record SnapshotHeader(int formatVersion, long lastSequence, long lastTimestampMs, long journalFirstTimestampMs,
    long journalIndex)
{
}
