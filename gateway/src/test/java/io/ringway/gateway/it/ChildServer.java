package io.ringway.gateway.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server started as {@code java ... RingwayMain server} in a child process (or a linked gateway, {@code RingwayMain
 * gateway}), with its output followed line by line.
 */
final class ChildServer
{
    private static final List<String> JVM_FLAGS = List.of(
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Dchronicle.announcer.disable=true");
    private static final Pattern WEBSOCKET_LINE = Pattern.compile("ringway: websocket wss?://127\\.0\\.0\\.1:(\\d+)/ws");
    private static final Pattern LINK_LINE = Pattern.compile("ringway: link 127\\.0\\.0\\.1:(\\d+) ");
    private static final long START_TIMEOUT_S = 90;

    private final String readyPrefix;
    final Process process;
    final List<String> output = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> port = new CompletableFuture<>();
    /** The link port, for a server started with {@code --link-port}. */
    final CompletableFuture<Integer> linkPort = new CompletableFuture<>();
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Completes when the process's output has been read to its end. */
    final CompletableFuture<Void> outputEnded = new CompletableFuture<>();

    private ChildServer(final Process process, final String readyPrefix)
    {
        this.process = process;
        this.readyPrefix = readyPrefix;
        final Thread reader = new Thread(this::follow, "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code ringway server} on {@code dataDir} with ephemeral ports, plus {@code extraArgs}, and waits until it is ready. */
    static ChildServer start(final Path dataDir, final String... extraArgs)
    {
        return awaitReady(launch(dataDir, extraArgs));
    }

    /**
     * Starts {@code ringway gateway} linked to the engine at {@code engine} (host:port) as gateway {@code gatewayId}, with
     * ephemeral ports, and waits until it is ready.
     */
    static ChildServer startGateway(final String engine, final int gatewayId, final String... extraArgs)
    {
        return awaitReady(launchGateway(engine, gatewayId, extraArgs));
    }

    /** Starts {@code ringway gateway} as {@link #startGateway} does, without waiting: for a gateway expected not to start. */
    static ChildServer launchGateway(final String engine, final int gatewayId, final String... extraArgs)
    {
        final List<String> args = new ArrayList<>(List.of("gateway", "--engine", engine, "--gateway-id", "" + gatewayId,
            "--port", "0", "--tcp-port", "0", "--io-threads", "2"));
        args.addAll(List.of(extraArgs));
        return launchMain(args, "ringway: gateway " + gatewayId + " linked");
    }

    private static ChildServer awaitReady(final ChildServer child)
    {
        try
        {
            child.ready.get(START_TIMEOUT_S, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            child.process.destroyForcibly();
            throw new AssertionError("child server did not become ready: " + child.output, ex);
        }
        return child;
    }

    /** Starts {@code ringway server} as {@link #start} does, without waiting: for a server that is expected not to start. */
    static ChildServer launch(final Path dataDir, final String... extraArgs)
    {
        final List<String> args = new ArrayList<>(List.of("server",
            "--port", "0", "--tcp-port", "0", "--data-dir", dataDir.toString(), "--io-threads", "2"));
        args.addAll(List.of(extraArgs));
        return launchMain(args, "ringway: ready");
    }

    private static ChildServer launchMain(final List<String> args, final String readyPrefix)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        if (Runtime.version().feature() >= 24)
        {
            command.add("--enable-native-access=ALL-UNNAMED");
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", // quick start on a small machine
            "-cp", System.getProperty("java.class.path"),
            "io.ringway.gateway.cli.RingwayMain"));
        command.addAll(args);
        try
        {
            return new ChildServer(new ProcessBuilder(command).redirectErrorStream(true).start(), readyPrefix);
        }
        catch (final IOException ex)
        {
            throw new AssertionError("cannot start a child server", ex);
        }
    }

    private void follow()
    {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = lines.readLine()) != null)
            {
                output.add(line);
                final Matcher websocket = WEBSOCKET_LINE.matcher(line);
                if (websocket.find())
                {
                    port.complete(Integer.parseInt(websocket.group(1)));
                }
                final Matcher link = LINK_LINE.matcher(line);
                if (link.find())
                {
                    linkPort.complete(Integer.parseInt(link.group(1)));
                }
                if (line.startsWith(readyPrefix))
                {
                    ready.complete(null);
                }
            }
        }
        catch (final IOException ignore)
        {
            // the process died
        }
        final IllegalStateException ended = new IllegalStateException("server output ended: " + output);
        port.completeExceptionally(ended);
        ready.completeExceptionally(ended);
        outputEnded.complete(null);
    }

    InetSocketAddress httpAddress()
    {
        return new InetSocketAddress("127.0.0.1", port.join());
    }

    /** The first output line that starts with {@code prefix}, or null. */
    String line(final String prefix)
    {
        return output.stream().filter(line -> line.startsWith(prefix)).findFirst().orElse(null);
    }

    /**
     * SIGTERM, as a service manager stops a server: its shutdown hook drains and closes it. Through the process
     * handle, because {@link Process#destroy} also closes the pipes, and the hook's output would be lost.
     */
    void stopCleanly() throws Exception
    {
        process.toHandle().destroy();
        awaitExit();
    }

    /** Waits for the process to exit and its output to be read to the end. */
    void awaitExit() throws Exception
    {
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            throw new AssertionError("child server did not exit: " + output);
        }
        outputEnded.get(30, TimeUnit.SECONDS);
    }

    /** Kills the process, whatever it is doing, and waits for it to go; use in clean-up. */
    void destroy() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
