package io.ringway.bench.load;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerPidsTest
{
    private static final long SELF = ProcessHandle.current().pid();
    private static final long PARENT = ProcessHandle.current().parent().orElseThrow().pid();

    @Test
    void shouldSumTheCpuTicksOfEveryProcessWhenGivenAServerAndItsGateways()
    {
        final long parentBefore = CpuSample.readServerTicks(PARENT);
        final long selfBefore = CpuSample.readServerTicks(SELF);
        final long both = ServerPids.of(List.of(SELF, PARENT)).cpuTicks();
        final long parentAfter = CpuSample.readServerTicks(PARENT);
        final long selfAfter = CpuSample.readServerTicks(SELF);

        // the counters only grow: the sum read between two readings of each lies between their sums
        assertTrue(both >= parentBefore + selfBefore && both <= parentAfter + selfAfter,
            both + " not within " + (parentBefore + selfBefore) + ".." + (parentAfter + selfAfter));
        assertEquals("pids " + SELF + "+" + PARENT, ServerPids.of(List.of(SELF, PARENT)).describe());
        assertEquals("pid " + SELF, ServerPids.of(SELF).describe());
    }

    @Test
    void shouldReportNoServerWhenNoneIsGivenOrOneCannotBeRead()
    {
        assertTrue(ServerPids.of(0).isEmpty());
        assertEquals(CpuSample.NO_SERVER, ServerPids.none().cpuTicks());
        assertEquals(CpuSample.NO_SERVER, ServerPids.of(List.of(SELF, (long)Integer.MAX_VALUE)).cpuTicks(),
            "a partial sum would undercount the servers' CPU");
    }

    @Test
    void shouldRefuseAPidGivenTwiceOrNotPositive()
    {
        assertEquals("--server-pid given twice: pids " + SELF + "+" + SELF,
            assertThrows(IllegalArgumentException.class, () -> ServerPids.of(List.of(SELF, SELF))).getMessage());
        assertEquals("--server-pid must be > 0: -3",
            assertThrows(IllegalArgumentException.class, () -> ServerPids.of(List.of(-3L))).getMessage());
    }
}
