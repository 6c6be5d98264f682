package io.ringway.bench.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryJsonTest
{
    private static RunResult result(final long serverPid)
    {
        return result(List.of(), ServerPids.of(serverPid));
    }

    private static RunResult result(final List<LoadTarget> subscriberTargets, final ServerPids serverPids)
    {
        final RunConfig config = new RunConfig(Scenario.FANOUT, LoadTarget.of(Transport.WS_JSON, "ws://127.0.0.1:8080/ws", "127.0.0.1:9090"),
            subscriberTargets, 500, 5, 2, 100, 64, "lg-room", "lg-tag", 3, 2, 50, serverPids);
        final RunResult r = new RunResult();
        r.config = config;
        r.sentMeasured = 2500;
        r.expected = 250_000;
        r.received = 249_990;
        r.lost = 10;
        r.deliveriesPerSec = 49_998.04;
        r.errors = new TreeMap<>(Map.of("overloaded", 3L));
        for (int i = 1; i <= 1000; i++)
        {
            r.intendedNs.recordValue(i * 1_000L);
            r.actualNs.recordValue(i * 900L);
        }
        r.clientCores = 1.9;
        r.machineCores = 2;
        if (!serverPids.isEmpty())
        {
            r.serverCpuS = 4.0;
            r.serverCores = 0.8;
            r.deliveriesPerServerCpuS = r.received / r.serverCpuS;
        }
        return r;
    }

    /** Flattens the JSON into dotted paths → token text (objects and arrays included as markers). */
    private static Map<String, String> flatten(final String json) throws IOException
    {
        final Map<String, String> out = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json))
        {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            flattenObject(parser, "", out);
            assertEquals(null, parser.nextToken(), "one JSON object only");
        }
        return out;
    }

    private static void flattenObject(final JsonParser parser, final String prefix, final Map<String, String> out) throws IOException
    {
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String key = prefix + parser.currentName();
            final JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT)
            {
                out.put(key, "{}");
                flattenObject(parser, key + ".", out);
            }
            else if (value == JsonToken.START_ARRAY)
            {
                final List<String> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY)
                {
                    items.add(parser.getText());
                }
                out.put(key, items.toString());
            }
            else
            {
                out.put(key, value == JsonToken.VALUE_NULL ? "null" : parser.getText());
            }
        }
    }

    @Test
    void shouldHaveEveryTopLevelField() throws IOException
    {
        final Map<String, String> json = flatten(SummaryJson.toJson(result(0)));
        for (final String key : new String[] {"scenario", "transport", "target", "room", "startedAt", "rate", "durationS", "warmupS",
            "subscribers", "payloadBytes", "aborted", "sent", "expected", "received", "lost", "deliveriesPerSec", "acks", "errors",
            "earlyCloses", "latencyUs", "sendLagUs", "client", "server"})
        {
            assertTrue(json.containsKey(key), key);
        }
        assertEquals("fanout", json.get("scenario"));
        assertEquals("ws-json", json.get("transport"));
        assertEquals("10", json.get("lost"));
        assertEquals("3", json.get("errors.overloaded"));
        assertEquals("null", json.get("server"));
    }

    @Test
    void shouldReportBothLatencyBasesInMicroseconds() throws IOException
    {
        final Map<String, String> json = flatten(SummaryJson.toJson(result(0)));
        for (final String basis : new String[] {"intended", "actual"})
        {
            for (final String key : LatencySummary.KEYS)
            {
                assertTrue(json.containsKey("latencyUs." + basis + "." + key), basis + "." + key);
            }
            assertEquals("1000", json.get("latencyUs." + basis + ".count"));
        }
        // 1..1000 µs recorded in ns: the median is ~500 µs, the max ~1000 µs (3 significant digits)
        assertEquals(500.0, Double.parseDouble(json.get("latencyUs.intended.p50")), 1.0);
        assertEquals(1000.0, Double.parseDouble(json.get("latencyUs.intended.max")), 1.0);
    }

    @Test
    void shouldFlagClientCpuAndIncludeServerWhenPidGiven() throws IOException
    {
        final long pid = ProcessHandle.current().pid();
        final Map<String, String> json = flatten(SummaryJson.toJson(result(pid)));
        assertEquals("true", json.get("client.cpuWarning"));
        assertEquals("[" + pid + "]", json.get("server.pids"));
        assertEquals("[]", json.get("subscriberTargets"));
        assertEquals("4.0", json.get("server.cpuS"));
        assertTrue(json.containsKey("server.deliveriesPerCpuS"));
    }

    @Test
    void shouldListEveryEndpointAndServerPidWhenSubscribersAreSpreadOverLinkedGateways() throws IOException
    {
        final long self = ProcessHandle.current().pid();
        final long parent = ProcessHandle.current().parent().orElseThrow().pid();
        final RunResult r = result(List.of(LoadTarget.of(Transport.WS_JSON, "ws://127.0.0.1:8081/ws", null),
            LoadTarget.of(Transport.WS_JSON, "ws://127.0.0.2:8082/ws", null)), ServerPids.of(List.of(self, parent)));

        final Map<String, String> json = flatten(SummaryJson.toJson(r));
        assertEquals("[ws://127.0.0.1:8081/ws, ws://127.0.0.2:8082/ws]", json.get("subscriberTargets"));
        assertEquals("[" + self + ", " + parent + "]", json.get("server.pids"));
        final String md = SummaryMarkdown.toMarkdown(r);
        assertTrue(md.contains("with subscribers spread over it and [ws://127.0.0.1:8081/ws, ws://127.0.0.2:8082/ws]"), md);
        assertTrue(md.contains("(pids " + self + "+" + parent + ")"), md);
    }

    @Test
    void shouldRenderMarkdownTables()
    {
        final String md = SummaryMarkdown.toMarkdown(result(0));
        assertTrue(md.contains("| from intended send |"));
        assertTrue(md.contains("| lost | 10 |"));
        assertTrue(md.contains("WARNING"));
        assertFalse(md.contains("server CPU"));
    }
}
