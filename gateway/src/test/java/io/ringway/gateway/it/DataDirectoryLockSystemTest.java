package io.ringway.gateway.it;

import io.ringway.gateway.cli.RingwayMain;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

        final StringWriter dumped = new StringWriter();
        final int dumpExit = new CommandLine(new RingwayMain()).setOut(new PrintWriter(dumped, true))
            .execute("journal", "dump", "--data-dir", dataDir.toString());
        assertEquals(0, dumpExit, "a reader needs no lock: journal dump works beside the running server");
        assertTrue(dumped.toString().contains("GATEWAY_RESET"), dumped::toString);

        first.destroy(); // SIGKILL: the OS drops its lock
        assertFalse(first.process.isAlive(), "killed");
        final ChildServer third = startChild();
        assertEquals("UP", SystemTestSupport.health(http, third.httpAddress()).get("status"));
    }
}
