package io.ringway.bench.machine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * {@code bin/ringway bench page-faults [DIR]}: what the first write to a fresh page of a
 * memory-mapped file costs on this machine, the price Chronicle Queue pays once per 4 KiB of
 * journal. On bare metal it is well under a microsecond; in some virtual machines it is tens of
 * microseconds, which caps journal throughput no matter how the engine is written, so the
 * Performance section quotes this next to the pipeline numbers.
 *
 * <p>Three passes over {@code --mb} MiB: first writes to a fresh file mapping (page-cache page
 * allocated and mapped), a second write to the same pages (already mapped: the baseline), and a
 * fresh mapping of pages that {@code write(2)} already put in the page cache (mapping only).
 */
public final class PageFaultProbe
{
    private static final int PAGE = 4096;

    private PageFaultProbe()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        final int megabytes = Integer.getInteger("mb", 256);
        final long size = (long)megabytes << 20;
        final Path fresh = Files.createTempFile(dir, "ringway-page-probe", ".bin");
        final Path prefilled = Files.createTempFile(dir, "ringway-page-probe", ".bin");
        try
        {
            try (FileChannel channel = FileChannel.open(fresh, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                final MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
                report("first write to a fresh mmap page", touch(map, size, 0), size);
                report("second write to the same page", touch(map, size, 1), size);
            }
            try (FileChannel channel = FileChannel.open(prefilled, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                final ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
                for (long position = 0; position < size; position += zeros.capacity())
                {
                    zeros.clear();
                    channel.write(zeros, position);
                }
                final MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
                report("first write, page already in page cache", touch(map, size, 0), size);
            }
        }
        finally
        {
            Files.deleteIfExists(fresh);
            Files.deleteIfExists(prefilled);
        }
    }

    private static long touch(final MappedByteBuffer map, final long size, final int offsetInPage)
    {
        final long start = System.nanoTime();
        for (int position = offsetInPage; position < size; position += PAGE)
        {
            map.put(position, (byte)1);
        }
        return System.nanoTime() - start;
    }

    private static void report(final String what, final long nanos, final long size)
    {
        final long pages = size / PAGE;
        System.out.printf(Locale.ROOT, "page-faults: %-42s %8.2f µs/page  (%,.0f MB/s)%n",
            what, nanos / 1e3 / pages, size / (nanos / 1e9) / 1e6);
    }
}
