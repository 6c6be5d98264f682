package io.ringway.bench.jmh;

import io.ringway.engine.Engine;
import io.ringway.engine.EngineConfig;
import io.ringway.engine.IdleStrategyKind;
import io.ringway.engine.link.OutboundDelivery;
import io.ringway.gateway.io.IoTransport;
import io.ringway.gateway.link.EngineLinkServer;
import io.ringway.gateway.link.LinkServerLog;
import io.ringway.gateway.link.TcpEngineLink;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@link EnginePipelineBenchmark}'s publishes into a 10-member room, from a gateway in "another
 * process": through a real TCP link on loopback ({@link TcpEngineLink} to {@link EngineLinkServer}),
 * and the ROOM_MESSAGE and ACK events back over it. The engine is the default 2-core layout (one
 * engine thread); its logic thread copies each event into the link's writer instead of running a
 * dispatcher. The score is publishes per second end to end; the per-thread CPU line shows what each
 * side of the link costs (the two {@code ringway-link-*} threads are its event loops, the gateway's and the engine's).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LinkPipelineBenchmark extends JvmFlags
{
    private static final int GATEWAY = 2;
    private static final LinkServerLog QUIET = new LinkServerLog()
    {
        @Override
        public void attached(final int gatewayId, final SocketAddress from)
        {
        }

        @Override
        public void detached(final int gatewayId, final String why)
        {
        }

        @Override
        public void refused(final int gatewayId, final SocketAddress from, final String reason)
        {
            System.err.println("link refused: " + reason);
        }
    };

    private Path directory;
    private Engine engine;
    private EngineLinkServer server;
    private TcpEngineLink link;
    private final PublishTally tally = new PublishTally();
    private final UnsafeBuffer publish = new UnsafeBuffer(new byte[256]);
    private int publishLength;

    @Setup(Level.Trial)
    public void start() throws IOException
    {
        directory = Files.createTempDirectory("ringway-jmh-link");
        engine = Engine.start(new EngineConfig(directory, 4096, 16384, IdleStrategyKind.BACKOFF, 10_000,
            TimeUnit.MICROSECONDS.toNanos(2), 0, 1));
        final IoTransport transport = IoTransport.AUTO.resolve();
        server = EngineLinkServer.start("127.0.0.1", 0, transport,
            (gatewayId, listener) -> engine.connectInProcess(gatewayId, listener, OutboundDelivery.DIRECT), QUIET);
        link = TcpEngineLink.connect("127.0.0.1", server.address().getPort(), GATEWAY, tally::onEvent, transport, 10_000);

        TenMemberRoom.open(link);
        publishLength = TenMemberRoom.publish(publish, GATEWAY);
    }

    @Benchmark
    public long publishToTenMemberRoomOverTheLink()
    {
        while (!link.offer(publish, 0, publishLength))
        {
            Thread.yield(); // the link's writer is full: give the core to the threads draining it
        }
        return tally.offered();
    }

    @Setup(Level.Iteration)
    public void startIteration()
    {
        tally.startIteration();
    }

    /** Not timed: lets the pipeline finish what this iteration offered, so the next starts clean. */
    @TearDown(Level.Iteration)
    public void drain()
    {
        tally.awaitDeliveredAndReport(TimeUnit.SECONDS.toNanos(60), "over the link");
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException
    {
        link.close();
        server.close();
        engine.close();
        BenchFiles.deleteTree(directory);
    }
}
