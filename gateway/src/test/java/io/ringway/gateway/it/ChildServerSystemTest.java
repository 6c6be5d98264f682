package io.ringway.gateway.it;

import io.ringway.gateway.RingwayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the system tests that kill and restart a server share: a data directory, the child-process
 * servers they start on it (killed after each test if still running), an in-process server a test
 * may restart on the same directory, an HTTP client, and the clients it opens (closed first).
 */
abstract class ChildServerSystemTest
{
    @TempDir
    Path dataDir;

    protected final List<ChildServer> children = new ArrayList<>();
    protected final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();
    protected final HttpClient http = SystemTestSupport.newHttpClient();
    protected RingwayServer restarted;

    @AfterEach
    void stopClientsAndServers() throws Exception
    {
        for (final AutoCloseable client : clients)
        {
            client.close();
        }
        for (final ChildServer child : children)
        {
            child.destroy();
        }
        if (restarted != null)
        {
            restarted.close();
        }
    }

    /** A child-process server on {@link #dataDir} with {@code extraArgs}, ready; killed after the test. */
    protected ChildServer startChild(final String... extraArgs)
    {
        final ChildServer child = ChildServer.start(dataDir, extraArgs);
        children.add(child);
        return child;
    }
}
