package io.ringway.journal.snapshot;

/**
 * Layout of one snapshot file ({@code <data>/snapshots/snapshot-<last sequence, 20 digits>.bin}), all little-endian:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Magic "RWSN" (0x52 0x57 0x53 0x4E)           |
 *  +---------------------------------------------------------------+
 *  |                  State Format Version (i32 LE)                |
 *  +---------------------------------------------------------------+
 *  |          Last Applied Engine Sequence (i64 LE)                |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |     Journal Timestamp of that command, ms (i64 LE)            |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   Journal Identity: timestamp of its first record, ms (i64 LE)|
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  Chronicle index of the document holding that command, or -1  |
 *  |                    (i64 LE, a hint)                           |
 *  +---------------------------------------------------------------+
 *  |                     Body Length (i32 LE)                      |
 *  +---------------------------------------------------------------+
 *  |                  Body (the engine's state)                   ...
 *  +---------------------------------------------------------------+
 *  |        CRC32C of every byte before it (i32 LE)                |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * The file is only ever renamed into place whole (temp file, fsync, rename), so a partial or damaged
 * file (a crash mid-write left on some file system, a bad disk, a bad copy) fails the length or checksum test and is skipped. The body is
 * opaque here: what it means belongs to the engine, which owns the format version.
 */
public final class SnapshotFile
{
    public static final int MAGIC = 0x4E535752; // "RWSN" read as a little-endian int
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int LAST_SEQUENCE_OFFSET = 8;
    public static final int LAST_TIMESTAMP_OFFSET = 16;
    public static final int JOURNAL_FIRST_TIMESTAMP_OFFSET = 24;
    public static final int JOURNAL_INDEX_OFFSET = 32;
    public static final int BODY_LENGTH_OFFSET = 40;
    public static final int HEADER_LENGTH = 44;
    public static final int TRAILER_LENGTH = 4;

    static final String PREFIX = "snapshot-";
    static final String SUFFIX = ".bin";
    static final String TEMP_SUFFIX = ".tmp";

    private SnapshotFile()
    {
    }

    static String fileName(final long lastSequence)
    {
        return PREFIX + String.format("%020d", lastSequence) + SUFFIX;
    }

    /** @return the sequence in a snapshot file's name, or -1 when the name is not one. */
    public static long sequenceOf(final String fileName)
    {
        if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX) ||
            fileName.length() != PREFIX.length() + 20 + SUFFIX.length())
        {
            return -1L;
        }
        try
        {
            return Long.parseLong(fileName.substring(PREFIX.length(), PREFIX.length() + 20));
        }
        catch (final NumberFormatException ex)
        {
            return -1L;
        }
    }
}
