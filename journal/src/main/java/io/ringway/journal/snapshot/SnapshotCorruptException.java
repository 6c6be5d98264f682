package io.ringway.journal.snapshot;

/** A snapshot file that is not usable: truncated, damaged, or not a snapshot. */
public final class SnapshotCorruptException extends Exception
{
    private static final long serialVersionUID = 1L;

    public SnapshotCorruptException(final String message)
    {
        super(message);
    }
}
