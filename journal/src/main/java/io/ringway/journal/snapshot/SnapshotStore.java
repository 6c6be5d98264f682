package io.ringway.journal.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The snapshot directory: writes a snapshot so that it is either there whole or not at all
 * (temp file, fsync, atomic rename, fsync of the directory), keeps the newest {@code keep}, and
 * reads one back only when its length and checksum prove it whole.
 *
 * <p>Not for the engine's logic thread: every method does file I/O. One writer at a time.
 */
public final class SnapshotStore
{
    private final Path directory;
    private final int keep;

    public SnapshotStore(final Path directory, final int keep)
    {
        if (keep < 1)
        {
            throw new IllegalArgumentException("keep must be >= 1");
        }
        this.directory = directory;
        this.keep = keep;
    }

    public Path directory()
    {
        return directory;
    }

    /** Writes a snapshot and deletes all but the newest {@code keep}. @return the file written */
    public Path write(final SnapshotHeader header, final byte[] body, final int offset, final int length) throws IOException
    {
        Files.createDirectories(directory);
        final ByteBuffer head = ByteBuffer.allocate(SnapshotFile.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(SnapshotFile.MAGIC)
            .putInt(header.formatVersion())
            .putLong(header.lastSequence())
            .putLong(header.lastTimestampMs())
            .putLong(header.journalFirstTimestampMs())
            .putLong(header.journalIndex())
            .putInt(length)
            .flip();
        final CRC32C crc = new CRC32C();
        crc.update(head.array(), 0, SnapshotFile.HEADER_LENGTH);
        crc.update(body, offset, length);
        final ByteBuffer trailer = ByteBuffer.allocate(SnapshotFile.TRAILER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putInt((int)crc.getValue()).flip();

        final Path target = directory.resolve(SnapshotFile.fileName(header.lastSequence()));
        final Path temp = directory.resolve(target.getFileName() + SnapshotFile.TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(temp,
            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
        {
            final ByteBuffer[] parts = {head, ByteBuffer.wrap(body, offset, length), trailer};
            while (trailer.hasRemaining())
            {
                channel.write(parts);
            }
            channel.force(true);
        }
        try
        {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory();
        prune();
        return target;
    }

    /** Snapshot files by the sequence in their names, newest first; temp files and strangers are not listed. */
    public List<Path> newestFirst()
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory))
        {
            for (final Path file : stream)
            {
                if (SnapshotFile.sequenceOf(file.getFileName().toString()) >= 0)
                {
                    files.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            return files;
        }
        files.sort(Comparator.comparingLong((Path file) -> SnapshotFile.sequenceOf(file.getFileName().toString())).reversed());
        return files;
    }

    /** Reads and checks one snapshot file. */
    public StoredSnapshot read(final Path file) throws SnapshotCorruptException
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException | OutOfMemoryError ex)
        {
            throw new SnapshotCorruptException("cannot read " + file.getFileName() + ": " + ex);
        }
        final int minimum = SnapshotFile.HEADER_LENGTH + SnapshotFile.TRAILER_LENGTH;
        if (bytes.length < minimum)
        {
            throw new SnapshotCorruptException(file.getFileName() + " is truncated: " + bytes.length + " bytes");
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.getInt(SnapshotFile.MAGIC_OFFSET) != SnapshotFile.MAGIC)
        {
            throw new SnapshotCorruptException(file.getFileName() + " is not a snapshot (bad magic)");
        }
        final int bodyLength = buffer.getInt(SnapshotFile.BODY_LENGTH_OFFSET);
        if (bodyLength < 0 || bodyLength != bytes.length - minimum)
        {
            throw new SnapshotCorruptException(file.getFileName() + " is truncated or damaged: body length " + bodyLength +
                " in a file of " + bytes.length + " bytes");
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, SnapshotFile.HEADER_LENGTH + bodyLength);
        if ((int)crc.getValue() != buffer.getInt(SnapshotFile.HEADER_LENGTH + bodyLength))
        {
            throw new SnapshotCorruptException(file.getFileName() + " is damaged: checksum mismatch");
        }
        final SnapshotHeader header = new SnapshotHeader(
            buffer.getInt(SnapshotFile.VERSION_OFFSET),
            buffer.getLong(SnapshotFile.LAST_SEQUENCE_OFFSET),
            buffer.getLong(SnapshotFile.LAST_TIMESTAMP_OFFSET),
            buffer.getLong(SnapshotFile.JOURNAL_FIRST_TIMESTAMP_OFFSET),
            buffer.getLong(SnapshotFile.JOURNAL_INDEX_OFFSET));
        final byte[] body = new byte[bodyLength];
        System.arraycopy(bytes, SnapshotFile.HEADER_LENGTH, body, 0, bodyLength);
        return new StoredSnapshot(file, header, body);
    }

    private void prune() throws IOException
    {
        final List<Path> files = newestFirst();
        for (int i = keep; i < files.size(); i++)
        {
            Files.deleteIfExists(files.get(i));
        }
        // Temp files left by a crash mid-write are never read; tidy them (the one just renamed is gone already).
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + SnapshotFile.TEMP_SUFFIX))
        {
            for (final Path temp : stream)
            {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Makes the rename durable: on Linux a directory's entries are only on disk once the directory is synced. */
    private void syncDirectory()
    {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
        }
        catch (final IOException ex)
        {
            // Some platforms cannot open a directory; the rename still happened, just maybe not durably yet.
        }
    }
}
