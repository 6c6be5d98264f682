package io.ringway.gateway.it;

import io.ringway.engine.link.OutboundDelivery;
import io.ringway.gateway.LinkedGateway;
import io.ringway.gateway.RingwayServer;
import io.ringway.gateway.link.EngineLinkException;
import io.ringway.gateway.link.TcpEngineLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many gateways, one engine: a server with a link port, and a gateway linked to it over TCP as a
 * second gateway, both in this JVM, with real WebSocket clients on each. Nothing here measures
 * time; waits are for messages, with a generous timeout.
 */
class MultiGatewaySystemTest extends LiveServerSystemTest
{
    @TempDir
    Path dataDir;

    private LinkedGateway linked;

    @AfterEach
    void closeLinkedGateway()
    {
        if (linked != null)
        {
            linked.close();
        }
    }

    private void startServerWithLink()
    {
        server = RingwayServer.start(SystemTestSupport.engineConfig(dataDir), SystemTestSupport.gatewayConfig(),
            OutboundDelivery.RING, 0);
    }

    private LinkedGateway startLinkedGateway(final int gatewayId)
    {
        return startLinkedGateway(gatewayId, 10_000);
    }

    /** @param timeoutMs how long it may take, asking again while the engine answers "in use" */
    private LinkedGateway startLinkedGateway(final int gatewayId, final long timeoutMs)
    {
        final InetSocketAddress link = server.linkAddress();
        return LinkedGateway.start(SystemTestSupport.gatewayConfig().withGatewayId(gatewayId),
            link.getHostString(), link.getPort(), timeoutMs);
    }

    private WsTestClient connect(final InetSocketAddress http, final String user)
    {
        final WsTestClient client = WsTestClient.connect(this.http, WsTestClient.uri(http, "client_id=" + user));
        clients.add(client);
        return client;
    }

    /** A server with a link port, gateway 2 linked to it, alice on the embedded gateway and bob on gateway 2, both joined to lobby. */
    private WsTestClient[] aliceHereAndBobOnGateway2InTheLobby()
    {
        startServerWithLink();
        linked = startLinkedGateway(2);
        final WsTestClient alice = connect(server.gateway().httpAddress(), "alice");
        final WsTestClient bob = connect(linked.gateway().httpAddress(), "bob");
        alice.join("lobby", "a1");
        bob.join("lobby", "b1");
        return new WsTestClient[] {alice, bob};
    }

    @Test
    void shouldDeliverAcrossGatewaysWhenClientsAreOnDifferentGateways()
    {
        final WsTestClient[] lobby = aliceHereAndBobOnGateway2InTheLobby();
        final WsTestClient alice = lobby[0];
        final WsTestClient bob = lobby[1];

        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"a2\",\"data\":{\"text\":\"hi bob\"}}");
        final Map<String, Object> atBob = bob.await(json -> "message".equals(json.get("type")), "alice's message at bob");
        assertEquals("alice", atBob.get("from"));
        assertEquals(Map.of("text", "hi bob"), atBob.get("data"));

        bob.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"b2\",\"data\":\"hi alice\"}");
        assertEquals("ack", bob.awaitReply("b2").get("type"));
        final Map<String, Object> atAlice = alice.await(
            json -> "message".equals(json.get("type")) && "bob".equals(json.get("from")), "bob's message at alice");
        assertEquals("hi alice", atAlice.get("data"));
        assertEquals(((Number)atBob.get("seq")).longValue() + 1, ((Number)atAlice.get("seq")).longValue(),
            "one room, one sequence, whichever gateway published");

        bob.send("{\"type\":\"message\",\"id\":\"b3\",\"data\":{\"to\":\"alice\",\"text\":\"direct\"}}");
        assertEquals("bob", alice.await(json -> "message".equals(json.get("type")) && json.get("room") == null, "bob's direct").get("from"));

        // A raw TCP client (binary frames) on the linked gateway: the same link, another wire format.
        final TcpTestClient carol = TcpTestClient.connect(linked.gateway().tcpAddress());
        clients.add(carol);
        carol.sendJson(TcpTestClient.HELLO, "{\"user\":\"carol\"}");
        assertEquals(TcpTestClient.HELLO, carol.read().type());
        carol.sendJson(TcpTestClient.JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"c1\"}");
        assertEquals(TcpTestClient.ACK, carol.readType(TcpTestClient.ACK, new ArrayList<>()).type());
        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"a3\",\"data\":\"hi carol\"}");
        final TcpTestClient.Frame atCarol = carol.readType(TcpTestClient.MESSAGE, new ArrayList<>());
        assertEquals("hi carol", atCarol.json().get("data"));

        final Map<String, Object> engineHealth = SystemTestSupport.health(http, server.gateway().httpAddress());
        assertEquals(List.of(2L), engineHealth.get("linkedGateways"));

        final Map<String, Object> health = SystemTestSupport.health(http, linked.gateway().httpAddress());
        assertEquals("UP", health.get("status"));
        assertEquals(2, ((Number)health.get("gatewayId")).intValue());
        assertEquals("connected", health.get("engineLink"));
        assertEquals(2, ((Number)health.get("connections")).intValue(), "bob and carol");
    }

    @Test
    void shouldKeepTheLinkAndAnswerAPageOfLargeMessagesWithinTheReplyBudgetWhenHistoryIsAskedOnALinkedGateway()
    {
        final WsTestClient[] lobby = aliceHereAndBobOnGateway2InTheLobby();
        final WsTestClient alice = lobby[0];
        final WsTestClient bob = lobby[1];
        final String big = "x".repeat(60_000);
        for (int i = 1; i <= 80; i++)
        {
            alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"p" + i + "\",\"data\":\"" + big + "\"}");
        }
        assertEquals("ack", alice.awaitReply("p80").get("type"));

        // 80 messages of 60 KB in one reply would be 4.8 MB, more than one event on the link may be: the link would drop
        bob.send("{\"type\":\"history\",\"room\":\"lobby\",\"id\":\"h1\",\"limit\":500}");
        final Map<String, Object> page = bob.await(json -> "history".equals(json.get("type")) && "h1".equals(json.get("id")), "page h1");
        final List<?> messages = (List<?>)page.get("messages");
        assertEquals(17, messages.size(), "the newest 17: what 1 MiB holds");
        assertEquals(true, page.get("more"));

        bob.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"b2\",\"data\":\"still here\"}");
        assertEquals("ack", bob.awaitReply("b2").get("type"), "the linked gateway kept its link and bob his session");
        assertEquals("still here", alice.await(json -> "message".equals(json.get("type")) && "bob".equals(json.get("from")),
            "bob's message at alice").get("data"));
    }

    @Test
    void shouldRefuseASecondGatewayWhenItsIdIsAttached()
    {
        startServerWithLink();
        linked = startLinkedGateway(2);
        // 1.5 s: the first answer must come within it on a loaded machine; the engine's "in use" is the error even when
        // the last retry runs out of time
        final EngineLinkException refused = assertThrows(EngineLinkException.class, () -> startLinkedGateway(2, 1_500));
        assertTrue(refused.getMessage().contains("gateway id 2 is in use"), refused.getMessage());
        assertTrue(refused.idInUse());
        final EngineLinkException embedded = assertThrows(EngineLinkException.class,
            () -> startLinkedGateway(RingwayServer.EMBEDDED_GATEWAY_ID, 1_500));
        assertTrue(embedded.getMessage().contains("gateway id 1 is in use"), embedded.getMessage());
    }

    @Test
    void shouldAttachOnceTheIdIsFreedWhenAGatewayStartsWhileItsOldLinkIsStillAttached() throws Exception
    {
        startServerWithLink();
        linked = startLinkedGateway(2);
        final CompletableFuture<LinkedGateway> restarted = CompletableFuture.supplyAsync(() -> startLinkedGateway(2, 30_000));
        Thread.sleep(3 * TcpEngineLink.IN_USE_RETRY_MS); // time to be told "in use" and ask again: the old link holds id 2
        assertFalse(restarted.isDone(), "not attached while the old gateway holds the id");

        linked.close(); // its link drops: the engine resets gateway 2 and frees the id
        linked = restarted.get(30, TimeUnit.SECONDS);
        final WsTestClient bob = connect(linked.gateway().httpAddress(), "bob");
        bob.join("lobby", "b1");
    }

    @Test
    void shouldTakeUsersOfflineAndFreeTheIdWhenALinkedGatewayCloses()
    {
        final WsTestClient[] lobby = aliceHereAndBobOnGateway2InTheLobby();
        final WsTestClient alice = lobby[0];
        alice.await(json -> "join".equals(json.get("type")) && "bob".equals(json.get("user")), "bob's join");

        linked.close(); // a clean stop: bob's close goes over the link, then the link closes and the engine resets gateway 2
        linked = null;

        alice.await(json -> "presence".equals(json.get("type")) && "bob".equals(json.get("user"))
            && "offline".equals(json.get("status")), "bob offline once his gateway is gone");
        alice.send("{\"type\":\"presence\",\"room\":\"lobby\",\"id\":\"q\"}");
        final List<?> members = (List<?>)alice.await(json -> "q".equals(json.get("id")), "the presence reply").get("members");
        assertEquals(List.of(Map.of("user", "alice", "connections", 1), Map.of("user", "bob", "connections", 0)),
            members.stream().map(member -> withIntCounts((Map<?, ?>)member)).toList());

        linked = startLinkedGateway(2); // asks again while the engine still holds the id, a moment after the link closed
        final WsTestClient bobAgain = connect(linked.gateway().httpAddress(), "bob");
        bobAgain.join("lobby", "b2"); // the reattached gateway's commands reach the engine and are answered
        alice.await(json -> "presence".equals(json.get("type")) && "bob".equals(json.get("user"))
            && "online".equals(json.get("status")), "bob online again through the reattached gateway");
    }

    @Test
    void shouldReportTheLinkLostWhenTheEngineStops() throws Exception
    {
        startServerWithLink();
        linked = startLinkedGateway(2);
        final WsTestClient bob = connect(linked.gateway().httpAddress(), "bob");
        bob.join("lobby", "b1");

        server.close();
        server = null;

        final String reason = linked.lost().get(30, TimeUnit.SECONDS);
        assertTrue(reason.contains("closed"), reason);
        final InetSocketAddress address = linked.gateway().httpAddress();
        final HttpResponse<String> health = SystemTestSupport.get(http, "http://127.0.0.1:" + address.getPort() + "/health");
        assertEquals(503, health.statusCode(), health.body());
        assertEquals("DOWN", Json.object(health.body()).get("status"));
        assertEquals("lost", Json.object(health.body()).get("engineLink"));
        bob.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"b2\",\"data\":1}");
        assertEquals("overloaded", Json.errorCode(bob.awaitReply("b2")));
    }

    private static Map<String, Object> withIntCounts(final Map<?, ?> member)
    {
        return Map.of("user", member.get("user"), "connections", ((Number)member.get("connections")).intValue());
    }
}
