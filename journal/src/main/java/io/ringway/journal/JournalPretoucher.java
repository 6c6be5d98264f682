package io.ringway.journal;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the journal file's pages ahead of the appender, on a thread of its own, so that the
 * engine thread's first write to each 4 KiB page finds it already in the page cache.
 *
 * <p>Why: Chronicle writes through a memory mapping, and the first touch of a page of a fresh
 * (sparse) file makes the kernel allocate and zero a page-cache page inside the page fault. In
 * the pipeline benchmark's profile that was 18 % of the engine thread's CPU; on this VM it costs
 * 1.4-3.0 µs per page, against 0.5-0.65 µs once the page is in the cache. Chronicle's own
 * pretoucher is an Enterprise feature.
 *
 * <p>It reads one byte per page with positional {@code read(2)}s on a read-only channel of its
 * own: it can never change a byte of the journal, and a read at or past the file's end just
 * returns nothing (a mapping would fault there instead, and Chronicle truncates the old cycle's
 * file when it rolls). The appender {@link #published publishes} its file and write position
 * after each commit (an ordered store); once the appender has used a quarter of the window,
 * {@link #doWork} reads up to {@code aheadBytes} past that position again. Refilling by quarters,
 * not page by page, matters on a VM: a slow journal (10,000 small commands a second) would
 * otherwise wake this thread every millisecond for one page.
 */
public final class JournalPretoucher implements Agent
{
    public static final int PAGE_BYTES = 4096;
    /** How far ahead of the write position to keep pages resident: 35 ms of the fastest appends measured (225 MB/s). */
    public static final long DEFAULT_AHEAD_BYTES = 8L << 20;
    /** Bounds one {@link #doWork} so that closing the agent is never held up for long. */
    static final int MAX_PAGES_PER_WORK = 256;

    private final long aheadBytes;
    /**
     * Written by the appender's thread, read by this agent's: the file and the position in it, one
     * object per file, so that a new file is never read with the old file's position. A new one is
     * made only when the appender rolls to a new file.
     */
    private volatile WriteHead writeHead;

    // This agent's own state.
    private final ByteBuffer oneByte = ByteBuffer.allocateDirect(1);
    private File openFile;
    private FileChannel channel;
    private long touchedUpTo;
    private boolean refilling;
    // Written by this agent, read by anyone (status, tests).
    private volatile long pagesTouched;
    private volatile long failures;

    public JournalPretoucher()
    {
        this(DEFAULT_AHEAD_BYTES);
    }

    public JournalPretoucher(final long aheadBytes)
    {
        if (aheadBytes < 2 * PAGE_BYTES)
        {
            throw new IllegalArgumentException("aheadBytes must be at least two pages");
        }
        this.aheadBytes = aheadBytes;
    }

    /**
     * How the thread running this should wait: it refills its window once a quarter of it is used,
     * and its parks double from 1 ms while it waits, so at most about half is used by the time it
     * looks again; an idle server wakes it ~10 times a second (on this kind of VM each wake-up costs
     * tens of microseconds: parks capped at 20 ms doubled the idle server's CPU).
     */
    public static IdleStrategy newIdleStrategy()
    {
        return new BackoffIdleStrategy(0, 0, TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(100));
    }

    /** Called by the appender's thread after a commit: where it will write next. */
    void published(final File currentFile, final long position)
    {
        final WriteHead current = writeHead;
        if (current == null || current.file != currentFile)
        {
            writeHead = new WriteHead(currentFile, position); // the position set before the file is seen
        }
        else
        {
            current.position.lazySet(position);
        }
    }

    @Override
    public int doWork() throws ClosedByInterruptException
    {
        final WriteHead current = writeHead;
        if (current == null || current.file == null)
        {
            return 0;
        }
        final File target = current.file;
        final long head = current.position.get();
        if (target != openFile)
        {
            switchTo(target);
        }
        if (touchedUpTo < head)
        {
            touchedUpTo = (head + PAGE_BYTES - 1) & -PAGE_BYTES; // fell behind: what is written is resident already
        }
        if (!refilling)
        {
            if (touchedUpTo - head > aheadBytes - aheadBytes / 4)
            {
                return 0; // less than a quarter of the window used: wait
            }
            refilling = true;
        }
        final long limit = head + aheadBytes;
        int pages = 0;
        while (touchedUpTo < limit && pages < MAX_PAGES_PER_WORK && readPage(touchedUpTo))
        {
            touchedUpTo += PAGE_BYTES;
            pages++;
        }
        if (pages < MAX_PAGES_PER_WORK)
        {
            refilling = false; // the window is full again, or the file ends here: wait for the appender
        }
        pagesTouched += pages;
        return pages;
    }

    /** Pages read ahead of the appender since start. */
    public long pagesTouched()
    {
        return pagesTouched;
    }

    /** Files that could not be opened or read; expected to stay 0. */
    public long failures()
    {
        return failures;
    }

    /** The file it reads ahead in, null before the first publish; for tests. */
    File fileInUse()
    {
        return openFile;
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

    /**
     * False at or past the file's end (Chronicle grows it a chunk at a time, ahead of its writes).
     * A failed read closes the file, is counted, and is thrown once for the runner's error handler;
     * this file is then left alone, the next one is opened when the appender rolls to it.
     */
    private boolean readPage(final long position) throws ClosedByInterruptException
    {
        if (channel == null)
        {
            return false;
        }
        oneByte.clear();
        try
        {
            return channel.read(oneByte, position) > 0;
        }
        catch (final ClosedByInterruptException ex)
        {
            closeFile();
            throw ex; // the runner is stopping this agent
        }
        catch (final IOException ex)
        {
            failures++;
            closeFile();
            throw new UncheckedIOException("journal pretoucher: cannot read " + openFile, ex);
        }
    }

    private void switchTo(final File target)
    {
        closeFile();
        openFile = target;
        touchedUpTo = 0;
        refilling = false;
        try
        {
            channel = FileChannel.open(target.toPath(), StandardOpenOption.READ);
        }
        catch (final IOException ex)
        {
            failures++; // left alone; the next file is opened when the appender rolls to it
            throw new UncheckedIOException("journal pretoucher: cannot open " + target, ex);
        }
    }

    private void closeFile()
    {
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
    }

    private static final class WriteHead
    {
        final File file;
        final AtomicLong position;

        WriteHead(final File file, final long position)
        {
            this.file = file;
            this.position = new AtomicLong(position);
        }
    }

    @Override
    public String toString()
    {
        return "JournalPretoucher{pages=" + pagesTouched + ", failures=" + failures + ", at=" + touchedUpTo + '}';
    }
}
