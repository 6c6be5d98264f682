package io.ringway.gateway.it;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One server per data directory: two engines appending to one journal would interleave their
 * commands under the same sequence numbers. A second server on the directory refuses to start;
 * a SIGKILLed one leaves no lock behind.
 */
class DataDirectoryLockSystemTest extends ChildServerSystemTest
{
    @Test
    void shouldRefuseASecondServerOnTheSameDataDirectoryAndStartOneOnceTheFirstIsKilled() throws Exception
    {
        final ChildServer first = startChild();

        final ChildServer second = ChildServer.launch(dataDir);
        children.add(second);
        second.awaitExit();
        assertEquals(2, second.process.exitValue(), second.output::toString);
        final String refusal = second.line("ringway: cannot start:");
        assertNotNull(refusal, second.output::toString);
        assertTrue(refusal.endsWith(" is in use by another writer (pid " + first.process.pid() + "): one server per --data-dir"),
            refusal);
        assertEquals("UP", SystemTestSupport.health(http, first.httpAddress()).get("status"), "the first server is untouched");

        first.destroy(); // SIGKILL: the OS drops its lock
        final ChildServer third = startChild();
        assertEquals("UP", SystemTestSupport.health(http, third.httpAddress()).get("status"));
    }
}
