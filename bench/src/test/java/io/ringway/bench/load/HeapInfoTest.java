package io.ringway.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Samples are real JDK 17 output (jcmd GC.heap_info, or -Xlog:gc+heap+exit, same layout, without the log prefix). */
class HeapInfoTest
{
    private static final long K = 1024;

    @Test
    void shouldReadUsedWhenCollectorIsG1()
    {
        final String text = """
            9912:
             garbage-first heap   total 397312K, used 49487K [0x0000000687400000, 0x0000000800000000)
              region size 4096K, 3 young (12288K), 1 survivors (4096K)
             Metaspace       used 20765K, committed 21120K, reserved 1114112K
              class space    used 2308K, committed 2496K, reserved 1048576K
            """;
        assertEquals(49487 * K, HeapInfo.usedBytesFromHeapInfo(text));
    }

    @Test
    void shouldSumGenerationsWhenCollectorIsParallel()
    {
        final String text = """
            4242:
             PSYoungGen      total 113152K, used 7782K [0x0000000782700000, 0x000000078a500000, 0x0000000800000000)
              eden space 97280K, 8% used [0x0000000782700000,0x0000000782e99bf0,0x0000000788600000)
              from space 15872K, 0% used [0x0000000789580000,0x0000000789580000,0x000000078a500000)
              to   space 15872K, 0% used [0x0000000788600000,0x0000000788600000,0x0000000789580000)
             ParOldGen       total 258048K, used 100K [0x0000000687400000, 0x0000000697000000, 0x0000000782700000)
              object space 258048K, 0% used [0x0000000687400000,0x0000000687400000,0x0000000697000000)
             Metaspace       used 107K, committed 192K, reserved 1114112K
              class space    used 2K, committed 64K, reserved 1048576K
            """;
        assertEquals((7782 + 100) * K, HeapInfo.usedBytesFromHeapInfo(text));
    }

    @Test
    void shouldSumGenerationsWhenCollectorIsSerial()
    {
        final String text = """
             def new generation   total 116160K, used 8264K [0x0000000687400000, 0x000000068f200000, 0x0000000704d50000)
              eden space 103296K,   8% used [0x0000000687400000, 0x0000000687c12110, 0x000000068d8e0000)
              from space 12864K,   0% used [0x000000068d8e0000, 0x000000068d8e0000, 0x000000068e570000)
              to   space 12864K,   0% used [0x000000068e570000, 0x000000068e570000, 0x000000068f200000)
             tenured generation   total 258048K, used 16K [0x0000000704d50000, 0x0000000714950000, 0x0000000800000000)
               the space 258048K,   0% used [0x0000000704d50000, 0x0000000704d50000, 0x0000000704d50200, 0x0000000714950000)
             Metaspace       used 109K, committed 192K, reserved 1114112K
              class space    used 2K, committed 64K, reserved 1048576K
            """;
        assertEquals((8264 + 16) * K, HeapInfo.usedBytesFromHeapInfo(text));
    }

    @Test
    void shouldReadMegabytesWhenCollectorIsZ()
    {
        final String text = """
             ZHeap           used 4M, capacity 378M, max capacity 6028M
             Metaspace       used 110K, committed 192K, reserved 1114112K
              class space    used 2K, committed 64K, reserved 1048576K
            """;
        assertEquals(4 * K * K, HeapInfo.usedBytesFromHeapInfo(text));
    }

    @Test
    void shouldReadUsedBeforeWordWhenCollectorIsShenandoah()
    {
        final String text = """
            Shenandoah Heap
             6028M max, 6028M soft max, 378M committed, 8192K used
             3014 x 2048K regions
            Status: cancelled
            Reserved region:
             - [0x0000000687400000, 0x0000000800000000)\s
             Metaspace       used 103K, committed 192K, reserved 1114112K
              class space    used 2K, committed 64K, reserved 1048576K
            """;
        assertEquals(8192 * K, HeapInfo.usedBytesFromHeapInfo(text));
    }

    @Test
    void shouldReturnUnknownWhenOutputIsAnError()
    {
        assertEquals(HeapInfo.UNKNOWN, HeapInfo.usedBytesFromHeapInfo("8599:\njava.io.IOException: No such process\n"));
        assertEquals(HeapInfo.UNKNOWN, HeapInfo.usedBytesFromHeapInfo(" Metaspace       used 110K, committed 192K\n"));
    }

    @Test
    void shouldReadTotalBytesWhenOutputIsClassHistogram()
    {
        final String text = """
            9912:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         52042        5094184  [B (java.base@17.0.15)
            1887:             1             16  sun.util.resources.cldr.provider.CLDRLocaleDataMetaInfo (jdk.localedata@17.0.15)
            Total        238064       37472032
            """;
        assertEquals(37472032L, HeapInfo.usedBytesFromClassHistogram(text));
        assertEquals(HeapInfo.UNKNOWN, HeapInfo.usedBytesFromClassHistogram("no total here"));
    }
}
