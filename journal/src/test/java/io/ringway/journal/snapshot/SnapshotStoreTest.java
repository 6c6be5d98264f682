package io.ringway.journal.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotStoreTest
{
    @TempDir
    Path dir;

    private static byte[] body(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 13 + seed);
        }
        return bytes;
    }

    private static SnapshotHeader header(final long sequence)
    {
        return new SnapshotHeader(7, sequence, 1_700_000_000_000L + sequence, 1_690_000_000_000L, 0x1234_0000_0005L + sequence);
    }

    @Test
    void shouldReadBackHeaderAndBodyWhenWritten() throws Exception
    {
        final SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 2);
        final byte[] backing = body(1000, 3);
        final Path file = store.write(header(42), backing, 10, 900);

        assertEquals("snapshot-00000000000000000042.bin", file.getFileName().toString());
        assertEquals(SnapshotFile.HEADER_LENGTH + 900 + SnapshotFile.TRAILER_LENGTH, Files.size(file));
        final StoredSnapshot read = store.read(file);
        assertEquals(header(42), read.header());
        assertArrayEquals(Arrays.copyOfRange(backing, 10, 910), read.body());
        assertEquals(List.of(file), store.newestFirst());
    }

    @Test
    void shouldRefuseTheFileWhenAnyByteIsFlipped() throws Exception
    {
        final SnapshotStore store = new SnapshotStore(dir, 2);
        final Path file = store.write(header(5), body(64, 1), 0, 64);
        final byte[] good = Files.readAllBytes(file);
        for (int i = 0; i < good.length; i++)
        {
            final byte[] bad = good.clone();
            bad[i] ^= 0x10;
            Files.write(file, bad);
            assertThrows(SnapshotCorruptException.class, () -> store.read(file), "byte " + i + " flipped");
        }
    }

    @Test
    void shouldRefuseTheFileWhenTruncatedAnywhere() throws Exception
    {
        final SnapshotStore store = new SnapshotStore(dir, 2);
        final Path file = store.write(header(5), body(64, 1), 0, 64);
        final byte[] good = Files.readAllBytes(file);
        for (int length = 0; length < good.length; length++)
        {
            Files.write(file, Arrays.copyOf(good, length));
            assertThrows(SnapshotCorruptException.class, () -> store.read(file), "cut to " + file.getFileName() + " " + length);
        }
    }

    @Test
    void shouldKeepOnlyTheNewestWhenMoreAreWritten() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir, 3);
        for (final long sequence : new long[] {9, 100, 10, 11, 1000})
        {
            store.write(header(sequence), body(8, (int)sequence), 0, 8);
        }
        assertEquals(List.of(dir.resolve(SnapshotFile.fileName(1000)), dir.resolve(SnapshotFile.fileName(100)),
            dir.resolve(SnapshotFile.fileName(11))), store.newestFirst(), "numeric order, newest three kept");
        try (var files = Files.list(dir))
        {
            assertEquals(3, files.count(), "older files deleted");
        }
    }

    @Test
    void shouldIgnoreTempFilesAndStrangersWhenListingAndTidyTempFilesOnWrite() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir, 2);
        final Path crashedWrite = dir.resolve(SnapshotFile.fileName(77) + ".tmp");
        Files.write(crashedWrite, body(10, 0));
        Files.write(dir.resolve("notes.txt"), body(10, 0));
        Files.write(dir.resolve("snapshot-12.bin"), body(10, 0));
        assertEquals(List.of(), store.newestFirst());

        store.write(header(3), body(8, 0), 0, 8);
        assertEquals(List.of(dir.resolve(SnapshotFile.fileName(3))), store.newestFirst());
        assertTrue(Files.notExists(crashedWrite), "a crashed write's temp file is removed");
    }

    @Test
    void shouldListNothingWhenTheDirectoryDoesNotExist()
    {
        assertEquals(List.of(), new SnapshotStore(dir.resolve("none"), 1).newestFirst());
    }
}
