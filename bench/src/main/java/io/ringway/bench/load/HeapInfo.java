package io.ringway.bench.load;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the used Java heap out of {@code jcmd PID GC.heap_info} or {@code GC.class_histogram}
 * text. The heap_info layout differs per collector (JDK 17):
 * <pre>
 *  G1:         " garbage-first heap   total 397312K, used 49487K [...]"
 *  Parallel:   " PSYoungGen      total 113152K, used 7782K [...]"  + " ParOldGen  total …, used …K"
 *  Serial:     " def new generation   total …, used …K"            + " tenured generation   total …, used …K"
 *  ZGC:        " ZHeap           used 4M, capacity 378M, max capacity 6028M"
 *  Shenandoah: " 6028M max, 6028M soft max, 378M committed, 8192K used"
 * </pre>
 * so the rule is: sum every "used N[KMG]" / "N[KMG] used" on the heap's top-level lines (indented
 * by at most one space), leaving out Metaspace and class space, and the per-space lines below
 * ("eden space 97280K, 8% used"), which repeat the generation's numbers.
 */
public final class HeapInfo
{
    /** Result of the parsers when nothing could be read. */
    public static final long UNKNOWN = -1;

    private static final Pattern USED_AFTER = Pattern.compile("\\bused\\s+(\\d+)([KMG])\\b");
    private static final Pattern USED_BEFORE = Pattern.compile("\\b(\\d+)([KMG])\\s+used\\b");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);

    private HeapInfo()
    {
    }

    /** Used heap in bytes from GC.heap_info output, or {@link #UNKNOWN}. */
    public static long usedBytesFromHeapInfo(final String text)
    {
        long total = 0;
        boolean found = false;
        for (final String line : text.split("\\R"))
        {
            if (line.isBlank() || indentation(line) > 1)
            {
                continue;
            }
            final String trimmed = line.trim().toLowerCase(Locale.ROOT);
            if (trimmed.startsWith("metaspace") || trimmed.startsWith("class space"))
            {
                continue;
            }
            Matcher m = USED_AFTER.matcher(line);
            if (!m.find())
            {
                m = USED_BEFORE.matcher(line);
                if (!m.find())
                {
                    continue;
                }
            }
            total += Long.parseLong(m.group(1)) * unit(m.group(2).charAt(0));
            found = true;
        }
        return found ? total : UNKNOWN;
    }

    /** Bytes of the {@code Total <instances> <bytes>} line of GC.class_histogram, or {@link #UNKNOWN}. */
    public static long usedBytesFromClassHistogram(final String text)
    {
        final Matcher m = HISTOGRAM_TOTAL.matcher(text);
        return m.find() ? Long.parseLong(m.group(2)) : UNKNOWN;
    }

    private static int indentation(final String line)
    {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ')
        {
            i++;
        }
        return i;
    }

    private static long unit(final char unit)
    {
        return switch (unit)
        {
            case 'K' -> 1024L;
            case 'M' -> 1024L * 1024;
            case 'G' -> 1024L * 1024 * 1024;
            default -> 1;
        };
    }
}
