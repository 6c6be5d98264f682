package io.ringway.bench.machine;

import io.ringway.gateway.io.IoTransport;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WakeupProbeTest
{
    @Test
    void shouldTimeEveryHandOffOfEachKindWhenRunWithSmallCounts() throws Exception
    {
        final List<WakeupProbe.HandOff> results = WakeupProbe.measure(50, 5, TimeUnit.MICROSECONDS.toNanos(20), IoTransport.NIO);

        assertEquals(List.of("spin", "park/unpark", "event loop (nio)", "loopback TCP"), results.stream().map(r -> r.kind).toList());
        for (final WakeupProbe.HandOff result : results)
        {
            // each hand-off was received, in order, before the next was sent (the probe throws otherwise); warm-up left out
            assertEquals(50, result.wake.getTotalCount(), result.kind);
            assertEquals(50, result.signal.getTotalCount(), result.kind);
            assertTrue(result.line(20).startsWith("wake-ups: gap     20 µs  " + result.kind), result.line(20));
        }
    }

    @Test
    void shouldRefuseACountBelowOneWithAUsageError()
    {
        final StringWriter err = new StringWriter();
        final CommandLine command = new CommandLine(new WakeupProbe()).setErr(new PrintWriter(err));

        final int exit = command.execute("--count", "0");

        assertNotEquals(0, exit);
        assertTrue(err.toString().contains("--count must be ≥ 1"), err.toString());
    }
}
