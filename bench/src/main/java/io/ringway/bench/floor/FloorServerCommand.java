package io.ringway.bench.floor;

import io.ringway.bench.load.LoadGeneratorMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/ringway bench floor-server}: runs a {@link FloorServer} until SIGTERM (or Ctrl-C) or
 * {@code --max-s}, whichever comes first, so a forgotten one does not run forever.
 */
@Command(name = "floor-server", mixinStandardHelpOptions = true,
    description = {
        "A minimal WebSocket server for the rtt and fanout scenarios over ws-json:",
        "join and publish only, all work on its I/O threads, no engine, no journal,",
        "no history. Its latency is the floor any server on this machine reaches",
        "with this load generator. A measuring stick, not a product.",
        "  bin/ringway bench floor-server --port 18097 &",
        "  bin/ringway bench rtt --url ws://127.0.0.1:18097/ws --rate 1000"})
public final class FloorServerCommand implements Callable<Integer>
{
    @Option(names = "--port", defaultValue = "18097", paramLabel = "PORT",
        description = "WebSocket port (0: any free port). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
        description = "Address to listen on: 127.0.0.1 .. 127.0.0.254 only. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--io-threads", paramLabel = "N",
        description = "I/O threads (event loops). Default: the number of cores")
    Integer ioThreads;

    @Option(names = "--max-s", defaultValue = "3600", paramLabel = "S",
        description = "Stop by itself after this many seconds. Default: ${DEFAULT-VALUE}")
    long maxS;

    @Override
    public Integer call() throws InterruptedException
    {
        if (maxS < 1)
        {
            throw new IllegalArgumentException("--max-s must be at least 1: " + maxS);
        }
        final int threads = ioThreads != null ? ioThreads : Runtime.getRuntime().availableProcessors();
        final PrintStream out = System.out;
        final FloorServer server = FloorServer.start(host, port, threads);
        final Thread onSignal = new Thread(() ->
        {
            if (server.isOpen())
            {
                out.println("floor-server: stopping (signal)");
                out.flush();
                server.close();
            }
        }, "floor-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        out.printf("floor-server: %s (%s, %d io threads); stops after %d s%n", server.url(), server.transport(), threads, maxS);
        out.flush();
        if (!server.awaitClosed(maxS, TimeUnit.SECONDS))
        {
            out.println("floor-server: stopping (--max-s " + maxS + " reached)");
            server.close();
        }
        try
        {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        }
        catch (final IllegalStateException shuttingDown)
        {
            // the hook is already running (SIGTERM): it closed the server; the JVM exits when it returns
        }
        return LoadGeneratorMain.EXIT_OK;
    }
}
