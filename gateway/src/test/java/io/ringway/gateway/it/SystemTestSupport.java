package io.ringway.gateway.it;

import io.ringway.engine.EngineConfig;
import io.ringway.engine.IdleStrategyKind;
import io.ringway.gateway.GatewayConfig;
import io.ringway.gateway.RingwayServer;
import io.ringway.gateway.cli.RingwayMain;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting servers and talking HTTP to them, for the system tests in this package. */
final class SystemTestSupport
{
    static final int RING_SIZE = 4096;

    private SystemTestSupport()
    {
    }

    static HttpClient newHttpClient()
    {
        return HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WsTestClient.TIMEOUT)
            .build();
    }

    static EngineConfig engineConfig(final Path dataDir)
    {
        return new EngineConfig(dataDir, RING_SIZE, RING_SIZE, IdleStrategyKind.BACKOFF, EngineConfig.DEFAULT_INBOX_LIMIT);
    }

    /** Ephemeral HTTP/WebSocket and TCP ports on 127.0.0.1. */
    static GatewayConfig gatewayConfig()
    {
        return GatewayConfig.defaults().withPorts(0, 0);
    }

    static RingwayServer start(final Path dataDir, final GatewayConfig config)
    {
        return RingwayServer.start(engineConfig(dataDir), config);
    }

    static Map<String, Object> health(final HttpClient http, final InetSocketAddress address)
    {
        final HttpResponse<String> response = get(http, "http://127.0.0.1:" + address.getPort() + "/health");
        if (response.statusCode() != 200)
        {
            throw new AssertionError("GET /health: " + response.statusCode() + " " + response.body());
        }
        return Json.object(response.body());
    }

    static HttpResponse<String> get(final HttpClient http, final String url)
    {
        try
        {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(WsTestClient.TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
        catch (final java.io.IOException ex)
        {
            throw new AssertionError("GET " + url + " failed", ex);
        }
    }

    /** Polls {@code condition} until it holds; fails after {@link WsTestClient#TIMEOUT}. */
    static void awaitCondition(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + WsTestClient.TIMEOUT.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try
            {
                Thread.sleep(10);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    /** Runs {@code ringway replay ...} in-process and returns its {@code key: value} output lines. */
    static Map<String, String> replay(final String... args)
    {
        final String[] command = new String[args.length + 1];
        command[0] = "replay";
        System.arraycopy(args, 0, command, 1, args.length);
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream original = System.out;
        final int exitCode;
        synchronized (SystemTestSupport.class)
        {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try
            {
                exitCode = new CommandLine(new RingwayMain()).execute(command);
            }
            finally
            {
                System.setOut(original);
            }
        }
        final String output = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, exitCode, output);
        final Map<String, String> values = new HashMap<>();
        for (final String line : output.split("\n"))
        {
            final int colon = line.indexOf(": ");
            if (colon > 0 && line.indexOf(' ') > colon)
            {
                values.put(line.substring(0, colon), line.substring(colon + 2).trim());
            }
        }
        assertTrue(values.containsKey("digest") && values.containsKey("last_seq") && values.containsKey("commands"), output);
        return values;
    }
}
