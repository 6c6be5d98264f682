package io.ringway.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CpuSampleTest
{
    @Test
    void shouldSumUtimeAndStimeEvenWithSpacesInCommandName()
    {
        // fields 14 and 15 are 250 and 50
        final String stat = "4242 (java (my server)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 1000 0 0";
        assertEquals(300, CpuSample.parseCpuTicks(stat));
    }

    @Test
    void shouldReadOwnProcess()
    {
        assertEquals(true, CpuSample.readServerTicks(ProcessHandle.current().pid()) >= 0);
        assertEquals(CpuSample.NO_SERVER, CpuSample.readServerTicks(Integer.MAX_VALUE));
    }
}
