package io.ringway.journal;

/**
 * Layout of one journal record. A Chronicle Queue document holds one or more records back to
 * back (the journaller packs a ring batch into one document); each record's bytes are
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Engine Sequence (i64 LE, from 1)              |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              Timestamp, ms since epoch (i64 LE)               |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   Command Length (i32 LE)                     |
 *  +---------------------------------------------------------------+
 *  |               Command (internal link command)                ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * The next record, if any, starts right after the command. The journal stores the command bytes
 * opaquely: it knows nothing of what they mean.
 */
public final class JournalRecord
{
    public static final int SEQUENCE_OFFSET = 0;
    public static final int TIMESTAMP_OFFSET = 8;
    public static final int LENGTH_OFFSET = 16;
    public static final int HEADER_LENGTH = 20;

    private JournalRecord()
    {
    }
}
