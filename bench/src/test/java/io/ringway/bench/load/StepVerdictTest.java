package io.ringway.bench.load;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepVerdictTest
{
    private static RunResult step(final long rate, final long latencyUs)
    {
        final RunResult r = new RunResult();
        r.config = new RunConfig(Scenario.RTT, LoadTarget.of(Transport.NATS_WS, "ws://127.0.0.1:8443", "127.0.0.1:9090"),
            List.of(), rate, 3, 1, 0, 100, "lg-room", "lg-tag", 1, 2, 1, ServerPids.none());
        r.sentMeasured = rate * 3;
        r.expected = r.sentMeasured;
        r.received = r.sentMeasured;
        r.measuredWindowS = (r.sentMeasured - 1) / (double)rate; // on schedule: n messages, n - 1 intervals
        r.achievedSendRate = r.sentMeasured / r.measuredWindowS;
        for (int i = 0; i < 1000; i++)
        {
            r.intendedNs.recordValue(latencyUs * 1000);
        }
        return r;
    }

    @Test
    void shouldPassWhenP99WithinLimitAndNothingLost()
    {
        final StepVerdict verdict = StepVerdict.judge(step(1000, 500), 1000);
        assertTrue(verdict.passed(), verdict.reasons().toString());
    }

    @Test
    void shouldFailWhenP99AboveLimit()
    {
        final StepVerdict verdict = StepVerdict.judge(step(1000, 1500), 1000);
        assertFalse(verdict.passed());
        assertTrue(verdict.reasons().get(0).startsWith("p99 1,50") && verdict.reasons().get(0).endsWith("> 1,000 µs"), verdict.reasons().toString());
    }

    @Test
    void shouldFailWhenAnythingLostOrSenderBehind()
    {
        final RunResult r = step(1000, 100);
        r.lost = 3;
        r.measuredWindowS = 3.333; // 2999 intervals in 3.333 s: 900 msg/s
        r.errors = new TreeMap<>(Map.of("slow_consumer", 1L));
        final StepVerdict verdict = StepVerdict.judge(r, 1000);
        assertFalse(verdict.passed());
        assertEquals(3, verdict.reasons().size(), verdict.reasons().toString());
        assertTrue(verdict.reasons().contains("sender fell behind: 900 of 1,000 msg/s"), verdict.reasons().toString());
    }

    @Test
    void shouldNotCallSenderBehindWhenFewMessagesWereOnTime()
    {
        final RunResult r = step(3, 100); // 9 messages in 2.667 s: 3.4 by the summary's count, 3.0 by intervals
        assertTrue(StepVerdict.judge(r, 1000).passed(), StepVerdict.judge(r, 1000).reasons().toString());
        assertEquals(3.0, StepVerdict.sendRate(r), 1e-9);
    }
}
