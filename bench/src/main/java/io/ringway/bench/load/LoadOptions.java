package io.ringway.bench.load;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of the scenarios that publish at a constant rate (rtt, fanout, sweep), a picocli mixin
 * holding the {@link TargetOptions}.
 */
public final class LoadOptions
{
    @Mixin
    TargetOptions target;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "R",
        description = "Messages per second the publisher sends (constant rate, open model). Default: ${DEFAULT-VALUE}")
    long rate;

    @Option(names = "--duration-s", defaultValue = "10", paramLabel = "D",
        description = "Measured seconds. Default: ${DEFAULT-VALUE}")
    int durationS;

    @Option(names = "--warmup-s", defaultValue = "2", paramLabel = "W",
        description = "Seconds sent before the measured part and left out of the results. Default: ${DEFAULT-VALUE}")
    int warmupS;

    @Option(names = "--payload-bytes", defaultValue = "100", paramLabel = "P",
        description = "Size of each message's data value, bytes (min. ~16: it holds the index). Default: ${DEFAULT-VALUE}")
    int payloadBytes;

    @Option(names = "--room", paramLabel = "NAME",
        description = "Room to use. Default: a new room per run")
    String room;

    @Option(names = "--drain-s", defaultValue = "3", paramLabel = "S",
        description = "Grace period after the last send for deliveries still in flight. Default: ${DEFAULT-VALUE}")
    int drainS;

    @Option(names = "--connect-concurrency", defaultValue = "50", paramLabel = "N",
        description = "Connections opened at once while setting up. Default: ${DEFAULT-VALUE}")
    int connectConcurrency;

    @Option(names = "--subscriber-url", split = ",", paramLabel = "URL",
        description = "fanout: more WebSocket endpoints of the same system, such as linked gateways (ringway gateway); "
            + "subscribers are spread over --url and these, round-robin. Repeatable")
    List<String> subscriberUrls = new ArrayList<>();

    @Option(names = "--subscriber-tcp", split = ",", paramLabel = "HOST:PORT",
        description = "fanout over --transport tcp: more raw TCP endpoints of the same system, as --subscriber-url. Repeatable")
    List<String> subscriberTcps = new ArrayList<>();

    private static final DateTimeFormatter TAG_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** Unique per run: user names and the default room derive from it. */
    static String newRunTag()
    {
        return "lg" + LocalDateTime.now().format(TAG_TIME) + "-" + ProcessHandle.current().pid();
    }

    RunConfig toConfig(final Scenario scenario, final long runRate, final int subscribers, final String runTag)
    {
        final ServerPids serverPids = target.serverPids();
        final String runRoom = room != null ? room : runTag + "-" + scenario.label();
        final LoadTarget primary = target.target();
        return new RunConfig(scenario, primary, subscriberTargets(primary), runRate, durationS, warmupS, subscribers, payloadBytes,
            runRoom, runTag, drainS, target.ioThreads(), connectConcurrency, serverPids);
    }

    /** {@code --subscriber-url} or {@code --subscriber-tcp}, whichever the transport uses; the other is refused. */
    private List<LoadTarget> subscriberTargets(final LoadTarget primary)
    {
        final boolean webSocket = primary.transport().webSocket();
        final List<String> unused = webSocket ? subscriberTcps : subscriberUrls;
        if (!unused.isEmpty())
        {
            throw new IllegalArgumentException((webSocket ? "--subscriber-tcp" : "--subscriber-url") + " does not apply to --transport "
                + primary.transport() + (webSocket ? ": use --subscriber-url" : ": use --subscriber-tcp"));
        }
        final List<LoadTarget> targets = new ArrayList<>();
        for (final String endpoint : webSocket ? subscriberUrls : subscriberTcps)
        {
            final LoadTarget target = LoadTarget.of(primary.transport(), endpoint, endpoint, "--subscriber-url", "--subscriber-tcp")
                .withClientIo(primary.clientIo());
            // wss:// says so itself; raw TCP endpoints take --tcp-tls as the target does
            final boolean secure = webSocket ? target.secure() : primary.secure();
            targets.add(secure ? target.withTls(this.target.clientTls()) : target);
        }
        return targets;
    }

    Path outDir()
    {
        return target.outDir();
    }

    Transport transport()
    {
        return target.transport;
    }
}
