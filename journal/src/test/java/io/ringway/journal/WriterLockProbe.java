package io.ringway.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Tries to take a journal directory's writer lock from a process of its own, the way a second
 * server would: exit status 0 when it got the lock, 1 when another process holds it.
 */
public final class WriterLockProbe
{
    private WriterLockProbe()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]).resolve(JournalWriterLock.FILE_NAME),
            StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final FileLock lock = channel.tryLock();
            System.exit(lock == null ? 1 : 0);
        }
    }

    /** Runs this probe in a child JVM on {@code directory}: 0 when it got the lock, 1 when it is held. */
    static int tryLockInAnotherProcess(final Path directory)
    {
        try
        {
            final Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WriterLockProbe.class.getName(), directory.toString())
                .inheritIO().start();
            if (!process.waitFor(60, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new AssertionError("lock probe did not exit");
            }
            return process.exitValue();
        }
        catch (final IOException | InterruptedException ex)
        {
            throw new AssertionError("lock probe failed to run", ex);
        }
    }
}
