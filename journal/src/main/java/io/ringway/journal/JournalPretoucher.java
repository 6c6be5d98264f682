package io.ringway.journal;

import org.agrona.IoUtil;
import org.agrona.concurrent.Agent;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the journal file's pages ahead of the appender, on a thread of its own, so that the
 * engine thread's first write to each 4 KiB page finds it already in the page cache.
 *
 * <p>Why: Chronicle writes through a memory mapping, and the first touch of a page of a fresh
 * (sparse) file makes the kernel allocate and zero a page-cache page inside the page fault. In
 * the pipeline benchmark's profile that was 18 % of the engine thread's CPU; on this VM it costs
 * 1.4-2.1 µs per page, against 0.5-0.6 µs once the page is in the cache
 * ({@code bin/ringway bench page-faults}). Chronicle's own pretoucher is an Enterprise feature.
 *
 * <p>It only reads, through a read-only mapping of its own: it can never change a byte of the
 * journal, whatever the appender is doing. The appender {@link #published publishes} its file and
 * write position after each commit (two ordered stores); {@link #doWork} reads up to
 * {@code aheadBytes} past that position and never past the file's end (Chronicle grows the file
 * a chunk at a time, ahead of its writes). A read that faults anyway (a file shrunk by a roll)
 * drops the mapping and is counted, never thrown.
 */
public final class JournalPretoucher implements Agent
{
    public static final int PAGE_BYTES = 4096;
    /** How far ahead of the write position to keep pages resident: 4 ms of appends at 1 GB/s. */
    public static final long DEFAULT_AHEAD_BYTES = 4L << 20;
    /** Bounds one {@link #doWork} so that closing the agent is never held up for long. */
    static final int MAX_PAGES_PER_WORK = 256;
    private static final long WINDOW_BYTES = 64L << 20;

    private final long aheadBytes;
    // Written by the appender's thread, read by this agent's.
    private volatile File file;
    private final AtomicLong writePosition = new AtomicLong();

    // This agent's own state.
    private File mappedFile;
    private FileChannel channel;
    private MappedByteBuffer window;
    private long windowStart;
    private long windowEnd;
    private long knownFileBytes;
    private long sizeCheckedAtHead = -1; // the file's size is asked again only once the appender has moved
    private long touchedUpTo;
    private long pagesTouched;
    private long faults;
    private long checksum; // keeps the reads from being optimised away

    public JournalPretoucher()
    {
        this(DEFAULT_AHEAD_BYTES);
    }

    public JournalPretoucher(final long aheadBytes)
    {
        if (aheadBytes < PAGE_BYTES)
        {
            throw new IllegalArgumentException("aheadBytes must be at least one page");
        }
        this.aheadBytes = aheadBytes;
    }

    /** Called by the appender's thread after a commit: where it will write next. */
    void published(final File currentFile, final long position)
    {
        if (currentFile != file)
        {
            file = currentFile;
        }
        writePosition.lazySet(position);
    }

    @Override
    public int doWork()
    {
        final File target = file;
        if (target == null)
        {
            return 0;
        }
        final long head = writePosition.get();
        if (target != mappedFile)
        {
            switchTo(target);
        }
        if (touchedUpTo < head)
        {
            touchedUpTo = (head + PAGE_BYTES - 1) & -PAGE_BYTES; // fell behind: what is written is resident already
        }
        final long limit = head + aheadBytes;
        int pages = 0;
        try
        {
            while (touchedUpTo < limit && pages < MAX_PAGES_PER_WORK && mapped(touchedUpTo, head))
            {
                checksum += window.get((int)(touchedUpTo - windowStart));
                touchedUpTo += PAGE_BYTES;
                pages++;
            }
        }
        catch (final InternalError ex) // the file shrank under the mapping (a roll truncates the old cycle's file)
        {
            faults++;
            unmapWindow();
            knownFileBytes = 0;
            sizeCheckedAtHead = -1;
        }
        pagesTouched += pages;
        return pages;
    }

    /** Pages read ahead of the appender since start. */
    public long pagesTouched()
    {
        return pagesTouched;
    }

    /** Reads that faulted and dropped the mapping; expected to stay 0 outside a file roll. */
    public long faults()
    {
        return faults;
    }

    /** How far the pages are resident: everything before this file offset has been read. */
    public long touchedUpTo()
    {
        return touchedUpTo;
    }

    @Override
    public String roleName()
    {
        return "ringway-journal-pretoucher";
    }

    @Override
    public void onClose()
    {
        closeFile();
    }

    private void switchTo(final File target)
    {
        closeFile();
        mappedFile = target;
        touchedUpTo = 0;
        try
        {
            channel = FileChannel.open(target.toPath(), StandardOpenOption.READ);
        }
        catch (final IOException ex)
        {
            faults++; // the appender may have rolled past it already; the next publish names the new file
        }
    }

    /** Maps the window holding {@code position}; false when it lies past the file's end. */
    private boolean mapped(final long position, final long head)
    {
        if (window != null && position >= windowStart && position < windowEnd)
        {
            return true;
        }
        if (channel == null)
        {
            return false;
        }
        if (position >= knownFileBytes)
        {
            if (head == sizeCheckedAtHead)
            {
                return false; // at the file's end and nothing new written: no need to ask the kernel again
            }
            sizeCheckedAtHead = head;
            try
            {
                knownFileBytes = channel.size();
            }
            catch (final IOException ex)
            {
                faults++;
                return false;
            }
            if (position >= knownFileBytes)
            {
                return false;
            }
        }
        unmapWindow();
        final long start = position & -WINDOW_BYTES;
        final long end = Math.min(knownFileBytes, start + WINDOW_BYTES);
        try
        {
            window = channel.map(FileChannel.MapMode.READ_ONLY, start, end - start);
        }
        catch (final IOException ex)
        {
            faults++;
            return false;
        }
        windowStart = start;
        windowEnd = end;
        return true;
    }

    private void unmapWindow()
    {
        if (window != null)
        {
            IoUtil.unmap(window);
            window = null;
            windowStart = windowEnd = 0;
        }
    }

    private void closeFile()
    {
        unmapWindow();
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // read-only: nothing to lose
            }
            channel = null;
        }
        mappedFile = null;
        knownFileBytes = 0;
        sizeCheckedAtHead = -1;
    }

    @Override
    public String toString()
    {
        return "JournalPretoucher{pages=" + pagesTouched + ", faults=" + faults + ", checksum=" + checksum + '}';
    }
}
