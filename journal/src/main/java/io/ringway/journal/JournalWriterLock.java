package io.ringway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One writer per journal directory. Chronicle lets any number of appenders, in any number of
 * processes, write to one queue; two engines on one {@code --data-dir} would interleave their
 * commands under the same sequence numbers, and no replay could make sense of the journal. So the
 * writer holds an exclusive OS file lock on {@value #FILE_NAME} in the directory for as long as the
 * journal is open, and writes its pid into it for the error the next one gets. Readers (replay,
 * dumps, the history reader) take no lock. The OS drops the lock when the process dies, even on
 * SIGKILL, so a crash never leaves the directory locked.
 */
final class JournalWriterLock implements AutoCloseable
{
    /** Ignored by Chronicle, which only lists its own {@code .cq4} and {@code .cq4t} files. */
    static final String FILE_NAME = "writer.lock";

    /**
     * Directories this process holds. A second open in this process is refused here, before it opens a
     * channel of its own: the JDK's locks are POSIX record locks, and closing any descriptor of the file
     * would release the lock this process holds (fcntl(2)), letting another process in.
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private JournalWriterLock(final Path key, final FileChannel channel, final FileLock lock)
    {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws JournalException when another writer, in this process or another, holds the directory */
    static JournalWriterLock acquire(final Path directory)
    {
        final Path key = key(directory);
        if (!HELD_HERE.add(key))
        {
            throw inUse(directory, "pid " + ProcessHandle.current().pid() + ", this process");
        }
        FileChannel channel = null;
        boolean acquired = false;
        try
        {
            channel = FileChannel.open(directory.resolve(FILE_NAME),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (lock == null)
            {
                throw inUse(directory, holder(channel));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            acquired = true;
            return new JournalWriterLock(key, channel, lock);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot lock journal " + directory, ex);
        }
        finally
        {
            if (!acquired)
            {
                closeQuietly(channel);
                HELD_HERE.remove(key);
            }
        }
    }

    private static JournalException inUse(final Path directory, final String holder)
    {
        return new JournalException("journal " + directory + " is in use by another writer (" + holder + "): one server per --data-dir", null);
    }

    /** The same directory under any name: symbolic links resolved (it exists: the journal created it). */
    private static Path key(final Path directory)
    {
        try
        {
            return directory.toRealPath();
        }
        catch (final IOException ex)
        {
            return directory.toAbsolutePath().normalize();
        }
    }

    /** What the holder wrote into the file: {@code pid N}, or that it is not known. */
    private static String holder(final FileChannel channel) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(64);
        channel.read(bytes, 0);
        final String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).trim();
        return text.isEmpty() ? "pid unknown" : text;
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // nothing more to release
            }
        }
    }

    @Override
    public void close()
    {
        try
        {
            lock.release();
        }
        catch (final IOException ignored)
        {
            // closing the channel below releases it as well
        }
        closeQuietly(channel);
        HELD_HERE.remove(key);
    }
}
