package io.ringway.bench.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareTableTest
{
    private static Map<String, String> run(final String scenario, final int subscribers, final double p99, final double deliveries)
    {
        final Map<String, String> summary = new HashMap<>();
        summary.put("scenario", scenario);
        summary.put("rate", "1000");
        summary.put("payloadBytes", "100");
        summary.put("subscribers", Integer.toString(subscribers));
        summary.put("latencyUs.intended.p50", "10.0");
        summary.put("latencyUs.intended.p99", Double.toString(p99));
        summary.put("latencyUs.intended.p99_9", "500.0");
        summary.put("deliveriesPerSec", Double.toString(deliveries));
        summary.put("lost", "0");
        summary.put("aborted", "false");
        return summary;
    }

    @Test
    void shouldTakeMiddleValueWhenOddAndMeanOfMiddleTwoWhenEven()
    {
        assertEquals(3.0, CompareTable.median(List.of(5.0, 1.0, 3.0)));
        assertEquals(2.5, CompareTable.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertTrue(Double.isNaN(CompareTable.median(List.of())));
    }

    @Test
    void shouldGroupRunsByScenarioAndComputeRatioOfFirstSystem()
    {
        final CompareTable table = new CompareTable();
        for (final double p99 : new double[] {100, 300, 200})
        {
            table.add("ringway", run("rtt", 0, p99, 1000));
        }
        for (final double p99 : new double[] {400, 400, 50})
        {
            table.add("nats", run("rtt", 0, p99, 1000));
        }
        table.add("ringway", run("fanout", 50, 900, 50_000));
        table.add("nats", run("conns", 0, 1, 1)); // not comparable: ignored
        final String rtt = "rtt @ 1000 msg/s, 100 B";
        assertEquals(200.0, table.median(rtt, "ringway", CompareTable.Metric.P99));
        assertEquals(400.0, table.median(rtt, "nats", CompareTable.Metric.P99));
        assertEquals(0.5, table.ratio(rtt, "ringway", "nats", CompareTable.Metric.P99));
        assertTrue(Double.isNaN(table.ratio("fanout 1→50 @ 1000 msg/s, 100 B", "ringway", "nats", CompareTable.Metric.P99)),
            "no nats fanout runs: no ratio");
        assertTrue(Double.isNaN(table.median(rtt, "ringway", CompareTable.Metric.PER_CPU)), "no --server-pid: no CPU figure");
    }

    @Test
    void shouldRenderRatioRowsAndDashesWhenValuesMissing()
    {
        final CompareTable table = new CompareTable();
        table.add("ringway", run("rtt", 0, 100, 1000));
        table.add("nats", run("rtt", 0, 200, 1000));
        final String md = table.toMarkdown();
        assertTrue(md.startsWith("# ringway vs nats"), md);
        assertTrue(md.contains("| rtt @ 1000 msg/s, 100 B | **ringway/nats** | | 1.00 | 0.50 | 1.00 | 1.00 | - |"), md);
        assertTrue(table.toJson().contains("\"ringway/nats\""));
    }

    @Test
    void shouldReadBackWhatSummaryJsonWrites() throws IOException
    {
        final RunResult r = new RunResult();
        r.config = new RunConfig(Scenario.FANOUT, LoadTarget.of(Transport.NATS_WS, "ws://127.0.0.1:8443", "127.0.0.1:9090"),
            List.of(), 200, 5, 1, 50, 100, "lg-room", "lg-tag", 1, 2, 50, ServerPids.none());
        r.intendedNs.recordValue(250_000);
        r.deliveriesPerSec = 10_000;
        final Map<String, String> flat = SummaryReader.flatten(SummaryJson.toJson(r));
        assertEquals("fanout 1→50 @ 200 msg/s, 100 B", CompareTable.groupKey(flat));
        assertEquals(250.0, Double.parseDouble(flat.get("latencyUs.intended.p99")), 1.0);
        assertEquals("nats-ws", flat.get("transport"));
    }
}
