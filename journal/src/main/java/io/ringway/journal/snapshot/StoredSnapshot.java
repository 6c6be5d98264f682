package io.ringway.journal.snapshot;

import java.nio.file.Path;

/** A snapshot file that passed the magic, length and checksum tests. */
public record StoredSnapshot(Path file, SnapshotHeader header, byte[] body)
{
}
