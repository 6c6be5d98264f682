package io.ringway.gateway.it;

import io.ringway.gateway.RingwayServer;
import org.junit.jupiter.api.AfterEach;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

/**
 * What the system tests against an in-process server share: the server a test starts, an HTTP
 * client for {@code /health} and WebSocket upgrades, and the clients it opens, all closed after
 * each test (clients first, so the server's shutdown never waits on them).
 */
abstract class LiveServerSystemTest
{
    protected RingwayServer server;
    protected final HttpClient http = SystemTestSupport.newHttpClient();
    protected final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stopClientsAndServer() throws Exception
    {
        for (final AutoCloseable client : clients)
        {
            client.close();
        }
        if (server != null)
        {
            server.close();
        }
    }
}
