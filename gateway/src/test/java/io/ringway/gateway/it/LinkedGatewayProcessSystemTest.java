package io.ringway.gateway.it;

import io.ringway.engine.link.OutboundDelivery;
import io.ringway.gateway.LinkedGateway;
import io.ringway.gateway.RingwayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway in its own process ({@code ringway gateway --engine}), linked to an engine in this one: killed with
 * SIGKILL, its users go offline for everyone else and its id is free for its restart; when the engine stops, it
 * closes its connections and exits with code 3; with no engine to reach, it does not start.
 */
class LinkedGatewayProcessSystemTest extends LiveServerSystemTest
{
    @TempDir
    Path dataDir;

    private final List<ChildServer> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException
    {
        for (final ChildServer child : children)
        {
            child.destroy();
        }
    }

    private String engineAddress()
    {
        final InetSocketAddress link = server.linkAddress();
        return link.getHostString() + ":" + link.getPort();
    }

    private ChildServer startGateway(final int gatewayId)
    {
        final ChildServer child = ChildServer.startGateway(engineAddress(), gatewayId);
        children.add(child);
        return child;
    }

    private WsTestClient connect(final InetSocketAddress address, final String user)
    {
        final WsTestClient client = WsTestClient.connect(http, WsTestClient.uri(address, "client_id=" + user));
        clients.add(client);
        return client;
    }

    @Test
    void shouldTakeAKilledGatewaysUsersOfflineAndFreeItsIdWhenItDies() throws Exception
    {
        server = RingwayServer.start(SystemTestSupport.engineConfig(dataDir), SystemTestSupport.gatewayConfig(), OutboundDelivery.DIRECT, 0);
        final ChildServer gateway = startGateway(2);
        final WsTestClient alice = connect(server.gateway().httpAddress(), "alice");
        final WsTestClient bob = connect(gateway.httpAddress(), "bob");
        alice.join("lobby", "a1");
        bob.join("lobby", "b1");
        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"a2\",\"data\":\"across processes\"}");
        assertEquals("across processes", bob.await(json -> "message".equals(json.get("type")), "alice's message").get("data"));

        gateway.process.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye on the link
        assertTrue(gateway.process.waitFor(30, TimeUnit.SECONDS));

        alice.await(json -> "presence".equals(json.get("type")) && "bob".equals(json.get("user"))
            && "offline".equals(json.get("status")), "bob offline once the engine saw his gateway's link drop");
        final ChildServer restarted = startGateway(2); // asks again while the engine still holds the id, just after the kill
        final WsTestClient bobAgain = connect(restarted.httpAddress(), "bob");
        bobAgain.join("lobby", "b2");
        alice.await(json -> "presence".equals(json.get("type")) && "bob".equals(json.get("user"))
            && "online".equals(json.get("status")), "bob online through the restarted gateway");
    }

    @Test
    void shouldCloseConnectionsAndExitWithCode3WhenTheEngineStops() throws Exception
    {
        server = RingwayServer.start(SystemTestSupport.engineConfig(dataDir), SystemTestSupport.gatewayConfig(), OutboundDelivery.DIRECT, 0);
        final ChildServer gateway = startGateway(2);
        final WsTestClient bob = connect(gateway.httpAddress(), "bob");
        bob.join("lobby", "b1");

        server.close();
        server = null;

        assertNotNull(bob.awaitClose(), "bob's connection closed: his gateway cannot serve without its engine");
        gateway.awaitExit();
        assertEquals(3, gateway.process.exitValue(), gateway.output.toString());
        assertNotNull(gateway.line("ringway: engine link lost"), gateway.output.toString());
    }

    @Test
    void shouldResetTheSessionsOfAGatewayThatNeverReturnsWhenTheEngineRestartsAfterACrash() throws Exception
    {
        final ChildServer engine = ChildServer.start(dataDir, "--link-port", "0");
        children.add(engine);
        final LinkedGateway gateway = LinkedGateway.start(SystemTestSupport.gatewayConfig().withGatewayId(2),
            "127.0.0.1", engine.linkPort.get(30, TimeUnit.SECONDS), 10_000);
        try
        {
            final WsTestClient bob = connect(gateway.gateway().httpAddress(), "bob");
            bob.join("lobby", "b1"); // acknowledged: bob's session and join are in the journal

            engine.process.destroyForcibly(); // SIGKILL: the engine never hears that gateway 2 went away
            assertTrue(engine.process.waitFor(30, TimeUnit.SECONDS));
            gateway.lost().get(30, TimeUnit.SECONDS);
        }
        finally
        {
            gateway.close(); // bob's close has no link to go over: only the restart can end his session
        }

        final ChildServer restarted = ChildServer.start(dataDir, "--link-port", "0");
        children.add(restarted);
        final WsTestClient alice = connect(restarted.httpAddress(), "alice");
        alice.join("lobby", "a1");
        alice.send("{\"type\":\"presence\",\"room\":\"lobby\",\"id\":\"q\"}");
        final List<?> members = (List<?>)alice.await(json -> "q".equals(json.get("id")), "the presence reply").get("members");
        assertEquals(List.of("bob:0", "alice:1"), members.stream()
                .map(member -> ((Map<?, ?>)member).get("user") + ":" + ((Number)((Map<?, ?>)member).get("connections")).intValue())
                .toList(),
            "bob's session ended with the engine that held it, though his gateway never came back");
    }

    @Test
    void shouldAttachOnlyTheGatewayThatHasTheLinkSecretWhenTheEngineRequiresOne() throws Exception
    {
        final Path secret = dataDir.resolve("link-secret");
        Files.writeString(secret, "a-link-secret-of-at-least-32-bytes-long\n");
        final Path wrong = dataDir.resolve("wrong-secret");
        Files.writeString(wrong, "another-secret-of-at-least-32-bytes-long\n");
        final ChildServer engine = ChildServer.start(dataDir.resolve("engine"), "--link-port", "0", "--link-secret-file", secret.toString());
        children.add(engine);
        assertNotNull(engine.line("ringway: link secret required"), engine.output.toString());
        final String address = "127.0.0.1:" + engine.linkPort.get(30, TimeUnit.SECONDS);

        final ChildServer without = ChildServer.launchGateway(address, 2);
        children.add(without);
        without.awaitExit();
        assertEquals(2, without.process.exitValue());
        assertNotNull(without.line("ringway: cannot start: the engine at " + address + " refused gateway 2: this engine requires the link secret"),
            without.output.toString());

        final ChildServer withWrong = ChildServer.launchGateway(address, 2, "--link-secret-file", wrong.toString());
        children.add(withWrong);
        withWrong.awaitExit();
        assertEquals(2, withWrong.process.exitValue());
        assertNotNull(withWrong.line("ringway: cannot start: the engine at " + address + " refused gateway 2: the link secret does not match"),
            withWrong.output.toString());

        final ChildServer with = ChildServer.startGateway(address, 2, "--link-secret-file", secret.toString());
        children.add(with);
        final WsTestClient bob = connect(with.httpAddress(), "bob");
        bob.join("lobby", "b1"); // acknowledged by the engine, over the authenticated link
    }

    @Test
    void shouldAttachOverTlsOnlyTheGatewayThatTrustsTheEnginesCertificate() throws Exception
    {
        final ChildServer engine = ChildServer.start(dataDir.resolve("engine"), "--link-port", "0",
            "--link-tls-cert-file", tlsFile("engine.pem"), "--link-tls-key-file", tlsFile("engine.key"));
        children.add(engine);
        assertNotNull(engine.line("ringway: link secret none (any gateway that reaches the port may attach); link TLS on ("),
            engine.output.toString());
        final String address = "127.0.0.1:" + engine.linkPort.get(30, TimeUnit.SECONDS);

        final ChildServer trustingTheJdk = ChildServer.launchGateway(address, 2, "--engine-tls"); // no public CA signed it
        children.add(trustingTheJdk);
        trustingTheJdk.awaitExit();
        assertEquals(2, trustingTheJdk.process.exitValue(), trustingTheJdk.output.toString());
        assertNotNull(trustingTheJdk.line("ringway: cannot start: TLS with the engine at " + address + " failed: "),
            trustingTheJdk.output.toString());

        final ChildServer trusting = ChildServer.startGateway(address, 2, "--engine-tls-trust-file", tlsFile("ca.pem"));
        children.add(trusting);
        assertNotNull(trusting.line("ringway: gateway 2 linked to engine " + address + " over TLS"), trusting.output.toString());
        final WsTestClient bob = connect(trusting.httpAddress(), "bob");
        bob.join("lobby", "b1"); // acknowledged by the engine, across the TLS link
    }

    private static String tlsFile(final String name) throws java.net.URISyntaxException
    {
        return Path.of(LinkedGatewayProcessSystemTest.class.getResource("/link-tls/" + name).toURI()).toString();
    }

    @Test
    void shouldNotStartWhenNoEngineListens() throws Exception
    {
        // A port held bound but not listening until the child is gone: connecting to it is refused, and no other
        // process (nor the child's own connect, as its source port) can take it in the meantime.
        try (Socket holder = new Socket())
        {
            holder.setReuseAddress(false);
            holder.bind(new InetSocketAddress("127.0.0.1", 0));
            final int freePort = holder.getLocalPort();
            final ChildServer gateway = ChildServer.launchGateway("127.0.0.1:" + freePort, 2);
            children.add(gateway);
            gateway.awaitExit();
            assertEquals(2, gateway.process.exitValue(), gateway.output.toString());
            final String line = gateway.line("ringway: cannot start: cannot reach the engine at 127.0.0.1:" + freePort);
            assertNotNull(line, gateway.output.toString());
        }
    }

    @Test
    void shouldRefuseToStartWhenTheGatewayIdIsOutOfRange() throws Exception
    {
        final ChildServer gateway = ChildServer.launchGateway("127.0.0.1:1", 1); // checked before any engine is asked
        children.add(gateway);
        gateway.awaitExit();
        assertEquals(2, gateway.process.exitValue(), gateway.output.toString());
        assertNotNull(gateway.line("ringway: cannot start: --gateway-id must be 2-65535"), gateway.output.toString());
    }
}
