package io.ringway.bench.load;

import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.EngineConfig;
import io.ringway.engine.link.OutboundDelivery;
import io.ringway.gateway.GatewayConfig;
import io.ringway.gateway.LinkedGateway;
import io.ringway.gateway.RingwayServer;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A real fanout run of the load generator against a server and a gateway linked to it over TCP, both in this JVM:
 * the publisher on the server's own gateway, the subscribers spread over both. Every subscriber must get every
 * message, whichever gateway it is on; the journal says which gateway each one's session was opened by. Nothing
 * here measures time: the run is bounded in count and time, and what is asserted is what arrived.
 */
class FanoutAcrossGatewaysTest
{
    private static final int SUBSCRIBERS = 5;

    @TempDir
    Path dataDir;

    private RingwayServer server;
    private LinkedGateway linked;

    @AfterEach
    void stop()
    {
        if (linked != null)
        {
            linked.close();
        }
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void shouldDeliverToEverySubscriberWhenSubscribersAreSpreadOverLinkedGateways()
    {
        server = RingwayServer.start(EngineConfig.defaults(dataDir), GatewayConfig.defaults().withPorts(0, 0), OutboundDelivery.DIRECT, 0);
        final InetSocketAddress link = server.linkAddress();
        linked = LinkedGateway.start(GatewayConfig.defaults().withPorts(0, 0).withGatewayId(2), link.getHostString(), link.getPort(), 10_000);

        final RunConfig config = new RunConfig(Scenario.FANOUT, wsTarget(server.gateway().httpAddress()),
            List.of(wsTarget(linked.gateway().httpAddress())), 100, 2, 0, SUBSCRIBERS, 64, "spread", "lgspread", 10, 2, 5,
            ServerPids.of(ProcessHandle.current().pid()));
        final RunResult result = new LoadRun(config, line -> { }).execute();

        assertFalse(result.aborted, result.abortReason);
        assertEquals(SUBSCRIBERS * result.sentMeasured, result.expected);
        assertEquals(result.expected, result.received, "every subscriber got every message, on either gateway");
        assertEquals(0, result.lost);
        assertEquals(0, result.outOfOrder + result.gapMessages);

        server.close();
        server = null;
        final Map<String, Integer> gatewayOfUser = sessionGateways();
        assertEquals(Map.of("lgspread-pub", 1, "lgspread-s0", 1, "lgspread-s1", 2, "lgspread-s2", 1, "lgspread-s3", 2, "lgspread-s4", 1),
            gatewayOfUser, "subscribers round-robin over the server's gateway (1) and the linked one (2); the publisher on the first");
    }

    @Test
    void shouldRefuseSubscriberEndpointsForRttOrAnotherTransport()
    {
        final LoadTarget ws = LoadTarget.of(Transport.WS_JSON, "ws://127.0.0.1:8080/ws", null);
        final LoadTarget tcp = LoadTarget.of(Transport.TCP, null, "127.0.0.1:9090");
        final IllegalArgumentException rtt = assertThrows(IllegalArgumentException.class, () -> new RunConfig(Scenario.RTT, ws,
            List.of(ws), 100, 1, 0, 0, 64, "r", "t", 1, 1, 1, ServerPids.none()));
        assertEquals("--subscriber-url and --subscriber-tcp are for fanout: rtt has no subscribers", rtt.getMessage());
        final IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> new RunConfig(Scenario.FANOUT, ws,
            List.of(tcp), 100, 1, 0, 2, 64, "r", "t", 1, 1, 1, ServerPids.none()));
        assertEquals("subscriber endpoint 127.0.0.1:9090 is tcp, the target ws-json", mixed.getMessage());
        final LoadTarget wss = LoadTarget.of(Transport.WS_JSON, "wss://127.0.0.1:8081/ws", null);
        final IllegalArgumentException tlsAndPlain = assertThrows(IllegalArgumentException.class, () -> new RunConfig(Scenario.FANOUT, ws,
            List.of(wss), 100, 1, 0, 2, 64, "r", "t", 1, 1, 1, ServerPids.none()));
        assertEquals("subscriber endpoint wss://127.0.0.1:8081/ws is TLS, the target ws://127.0.0.1:8080/ws plain: give every endpoint the same",
            tlsAndPlain.getMessage());
        assertEquals("--subscriber-tcp must be HOST:PORT, e.g. 127.0.0.1:9090: nope", assertThrows(IllegalArgumentException.class,
            () -> LoadTarget.of(Transport.TCP, null, "nope", "--subscriber-url", "--subscriber-tcp")).getMessage());
    }

    private static LoadTarget wsTarget(final InetSocketAddress http)
    {
        return LoadTarget.of(Transport.WS_JSON, "ws://127.0.0.1:" + http.getPort() + "/ws", null);
    }

    /** user → the gateway id of its SESSION_OPEN, from the journal the run left. */
    private Map<String, Integer> sessionGateways()
    {
        final LinkCommandDecoder command = new LinkCommandDecoder();
        final Map<String, Integer> gateways = new TreeMap<>();
        final List<String> users = new ArrayList<>();
        try (Journal journal = Journal.openForReading(dataDir.resolve("journal"));
            JournalReader reader = journal.reader())
        {
            while (reader.read((sequence, timestampMs, buffer, offset, length) ->
            {
                if (command.wrap(buffer, offset, length) && command.type() == LinkType.SESSION_OPEN)
                {
                    users.add(command.name());
                    gateways.put(command.name(), command.gatewayId());
                }
            }))
            {
                // each record goes through the handler
            }
        }
        assertEquals(SUBSCRIBERS + 1, users.size(), "one session per connection: " + users);
        return gateways;
    }
}
