package io.ringway.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server's memory at one instant: RSS from /proc, and, for a JVM, the live heap as jcmd reports
 * it right after a forced GC ({@code GC.run}, then {@code GC.heap_info}; {@code GC.class_histogram}'s
 * total if heap_info cannot be read). When the heap cannot be had, {@link #heapNote} says why, and
 * the run goes on: a missing jcmd or a server that is not a JVM is not a failure.
 *
 * @param rssKb     VmRSS in KiB, or {@link ProcInfo#UNKNOWN}
 * @param heapBytes used heap after a full GC, or {@link HeapInfo#UNKNOWN}
 * @param heapNote  how the heap was measured, or why it was not
 */
public record ServerFootprint(long rssKb, long heapBytes, String heapNote)
{
    /** Each jcmd call must finish within this; a GC of a big heap can take a while. */
    static final long JCMD_TIMEOUT_S = 60;

    public boolean hasHeap()
    {
        return heapBytes >= 0;
    }

    /** Measures {@code pid} now. */
    public static ServerFootprint take(final long pid)
    {
        final long rssKb = ProcInfo.rssKb(pid);
        if (!ProcInfo.isJvm(pid))
        {
            return new ServerFootprint(rssKb, HeapInfo.UNKNOWN, "not a JVM (no libjvm.so mapped): RSS only");
        }
        final Path jcmd = jcmdPath();
        if (jcmd == null)
        {
            return new ServerFootprint(rssKb, HeapInfo.UNKNOWN, "jcmd unavailable (not in java.home/bin nor on PATH): RSS only");
        }
        try
        {
            run(jcmd, pid, "GC.run");
            final long heapInfo = HeapInfo.usedBytesFromHeapInfo(run(jcmd, pid, "GC.heap_info"));
            if (heapInfo >= 0)
            {
                return new ServerFootprint(ProcInfo.rssKb(pid), heapInfo, "jcmd GC.run + GC.heap_info");
            }
            // GC.class_histogram forces a full GC itself and counts live objects only
            final long histogram = HeapInfo.usedBytesFromClassHistogram(run(jcmd, pid, "GC.class_histogram"));
            if (histogram >= 0)
            {
                return new ServerFootprint(ProcInfo.rssKb(pid), histogram, "jcmd GC.class_histogram total");
            }
            return new ServerFootprint(rssKb, HeapInfo.UNKNOWN, "jcmd output not understood: RSS only");
        }
        catch (final IOException ex)
        {
            return new ServerFootprint(rssKb, HeapInfo.UNKNOWN, "jcmd failed: " + ex.getMessage());
        }
    }

    /** jcmd of the JDK running us, else the first on PATH, else null. */
    static Path jcmdPath()
    {
        final List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(System.getProperty("java.home"), "bin", "jcmd"));
        final String path = System.getenv("PATH");
        if (path != null)
        {
            for (final String dir : path.split(":"))
            {
                if (!dir.isEmpty())
                {
                    candidates.add(Path.of(dir, "jcmd"));
                }
            }
        }
        for (final Path candidate : candidates)
        {
            if (Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Runs {@code jcmd PID command}; returns its output, or throws with its first error line. The
     * output goes to a file: a class histogram can be larger than a pipe holds before we read it.
     */
    private static String run(final Path jcmd, final long pid, final String command) throws IOException
    {
        final Path output = Files.createTempFile("ringway-jcmd", ".txt");
        try
        {
            return run(jcmd, pid, command, output);
        }
        finally
        {
            Files.deleteIfExists(output);
        }
    }

    private static String run(final Path jcmd, final long pid, final String command, final Path outputFile) throws IOException
    {
        final Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true).redirectOutput(outputFile.toFile()).start();
        try
        {
            process.getOutputStream().close();
            if (!process.waitFor(JCMD_TIMEOUT_S, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IOException("jcmd " + command + " did not finish within " + JCMD_TIMEOUT_S + " s");
            }
            final String output = Files.readString(outputFile, StandardCharsets.UTF_8);
            if (process.exitValue() != 0)
            {
                throw new IOException("jcmd " + command + " exited " + process.exitValue() + ": " + firstErrorLine(output));
            }
            return output;
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running jcmd " + command, ex);
        }
    }

    /** The first line of jcmd's output that is not the {@code PID:} header, shortened. */
    static String firstErrorLine(final String output)
    {
        for (final String line : output.split("\\R"))
        {
            final String trimmed = line.trim();
            if (!trimmed.isEmpty() && !trimmed.matches("\\d+:"))
            {
                return trimmed.length() > 160 ? trimmed.substring(0, 160) + "…" : trimmed;
            }
        }
        return "(no output)";
    }
}
