package io.ringway.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcInfoTest
{
    @Test
    void shouldReadVmRssWhenStatusHasIt()
    {
        assertEquals(132_812, ProcInfo.parseVmRssKb("Name:\tjava\nVmPeak:\t 3000000 kB\nVmRSS:\t  132812 kB\nRssAnon:\t 100 kB\n"));
        assertEquals(ProcInfo.UNKNOWN, ProcInfo.parseVmRssKb("Name:\tkthreadd\n"));
    }

    @Test
    void shouldReadSoftOpenFilesLimit()
    {
        final String limits = """
            Limit                     Soft Limit           Hard Limit           Units
            Max processes             unlimited            unlimited            processes
            Max open files            20000                20000                files
            Max locked memory         8388608              8388608              bytes
            """;
        assertEquals(20_000, ProcInfo.parseOpenFilesSoftLimit(limits));
        assertEquals(Long.MAX_VALUE, ProcInfo.parseOpenFilesSoftLimit("Max open files            unlimited            unlimited            files\n"));
    }

    @Test
    void shouldSeeItselfAsJvmAndReadOwnLimits()
    {
        final long self = ProcessHandle.current().pid();
        assertTrue(ProcInfo.isJvm(self));
        assertTrue(ProcInfo.rssKb(self) > 0);
        assertTrue(ProcInfo.openFilesLimit("self") > 0);
        assertTrue(ProcInfo.openFiles("self") > 0);
    }

    @Test
    void shouldRefuseConnectionsWhenBeyondClientHeadroom()
    {
        assertNull(FdHeadroom.clientError(19_000, 20_000, 150));
        final String error = FdHeadroom.clientError(19_900, 20_000, 150);
        assertNotNull(error);
        assertTrue(error.contains("RLIMIT_NOFILE 20000") && error.contains("at most 19750"), error);
        assertNull(FdHeadroom.clientError(1_000_000, ProcInfo.UNKNOWN, 10), "unknown limits do not block the run");
    }

    @Test
    void shouldWarnWhenServerHasFewerDescriptorsLeft()
    {
        assertNull(FdHeadroom.serverWarning(1000, 42, 20_000, 300));
        assertNotNull(FdHeadroom.serverWarning(19_800, 42, 20_000, 300));
    }
}
