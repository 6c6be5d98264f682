package io.ringway.gateway;

import io.netty.util.concurrent.FastThreadLocalThread;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.Engine;
import io.ringway.engine.EngineConfig;
import io.ringway.engine.EngineStatus;
import io.ringway.engine.link.EngineEventListener;
import io.ringway.engine.link.EngineLink;
import io.ringway.engine.link.OutboundDelivery;
import io.ringway.engine.logic.OutboundDigest;
import io.ringway.gateway.link.EngineLinkServer;
import io.ringway.gateway.link.LinkListener;
import io.ringway.gateway.link.LinkServerLog;
import io.ringway.gateway.ws.Health;
import org.agrona.ExpandableArrayBuffer;

import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Embedded mode: the engine and one gateway in one process, linked in memory. Start-up order is
 * recovery first (the engine replays its journal), then the gateway opens its ports; shutdown is
 * the reverse (connections close, then the engine drains and closes the journal).
 */
public final class RingwayServer implements AutoCloseable
{
    /** The embedded gateway's id on the engine; gateways in other processes take others. */
    public static final int EMBEDDED_GATEWAY_ID = 1;

    private final Engine engine;
    private final Gateway gateway;
    /** Volatile: /health reads it on an I/O thread, from a lambda made before the constructor set it. */
    private volatile EngineLinkServer linkServer;

    private RingwayServer(
        final EngineConfig engineConfig, final GatewayConfig gatewayConfig, final OutboundDelivery delivery, final LinkListener link)
    {
        // Netty threads: with DIRECT delivery the logic thread runs the dispatcher, which takes pooled buffers per
        // message; Netty's caches look up a plain thread the slow way (seen in a fan-out profile).
        engine = Engine.start(engineConfig, FastThreadLocalThread::new);
        try
        {
            gateway = new Gateway(gatewayConfig,
                listener -> engine.connectInProcess(gatewayConfig.gatewayId(), listener, delivery),
                self -> () -> health(engine, self, linkServer));
        }
        catch (final RuntimeException ex)
        {
            engine.close();
            throw ex;
        }
        try
        {
            resetOtherRecoveredGateways(gatewayConfig.gatewayId());
            linkServer = link == null ? null : EngineLinkServer.start(link, gatewayConfig.ioTransport(), this::attachRemote,
                LinkServerLog.STDOUT);
        }
        catch (final RuntimeException ex)
        {
            close(gateway, null, engine);
            throw ex;
        }
    }

    /** A gateway in another process: its events are copied onto its link by the logic thread, so DIRECT, whatever the embedded one uses. */
    private EngineLink attachRemote(final int gatewayId, final EngineEventListener listener)
    {
        return engine.connectInProcess(gatewayId, listener, OutboundDelivery.DIRECT);
    }

    /**
     * No session outlives an engine restart: every link was cut. The embedded gateway resets its own; the sessions
     * other gateways held are reset here, journaled, whether or not those gateways come back.
     */
    private void resetOtherRecoveredGateways(final int embeddedId)
    {
        final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(LinkHeader.LENGTH);
        for (final int gatewayId : engine.recoveredGatewayIds())
        {
            if (gatewayId == embeddedId)
            {
                continue;
            }
            try (EngineLink link = engine.connectInProcess(gatewayId, (buffer, offset, length) -> { }, OutboundDelivery.DIRECT))
            {
                final int length = LinkCommandEncoder.encodeEmpty(scratch, 0, LinkType.GATEWAY_RESET, gatewayId, 0L);
                while (!link.offer(scratch, 0, length))
                {
                    Thread.onSpinWait(); // start-up: the ring drains by itself
                }
            }
        }
    }

    public static RingwayServer start(final EngineConfig engineConfig, final GatewayConfig gatewayConfig)
    {
        return start(engineConfig, gatewayConfig, OutboundDelivery.RING);
    }

    /** @param delivery how the gateway's dispatcher receives the engine's events: its own thread, or the logic thread's */
    public static RingwayServer start(final EngineConfig engineConfig, final GatewayConfig gatewayConfig, final OutboundDelivery delivery)
    {
        return new RingwayServer(engineConfig, gatewayConfig, delivery, null);
    }

    /** With a link port on the loopback address, plain TCP: gateways in other processes of this machine may attach. */
    public static RingwayServer start(
        final EngineConfig engineConfig, final GatewayConfig gatewayConfig, final OutboundDelivery delivery, final int linkPort)
    {
        return new RingwayServer(engineConfig, gatewayConfig, delivery, LinkListener.loopback(linkPort));
    }

    /** @param link where gateways in other processes attach ({@link EngineLinkServer}), with its secret and TLS; null for none */
    public static RingwayServer start(
        final EngineConfig engineConfig, final GatewayConfig gatewayConfig, final OutboundDelivery delivery, final LinkListener link)
    {
        return new RingwayServer(engineConfig, gatewayConfig, delivery, link);
    }

    /** Where gateways in other processes attach; null without a link port. */
    public InetSocketAddress linkAddress()
    {
        return linkServer == null ? null : linkServer.address();
    }

    public Engine engine()
    {
        return engine;
    }

    public Gateway gateway()
    {
        return gateway;
    }

    /** What {@code GET /health} answers; the journal's state is read once, so the body and the HTTP status agree. */
    static Health health(final Engine engine, final Gateway gateway, final EngineLinkServer linkServer)
    {
        final boolean up = !engine.errors().journalStopped();
        return new Health(up, healthJson(engine, gateway, up, linkServer));
    }

    static String healthJson(final Engine engine, final Gateway gateway, final boolean up, final EngineLinkServer linkServer)
    {
        final EngineStatus.Snapshot status = engine.status().snapshot();
        return "{\"status\":\"" + (up ? "UP" : "DOWN") + "\"" +
            ",\"lastAppliedSeq\":" + status.appliedSequence() +
            ",\"digest\":\"" + OutboundDigest.toHex(status.digest()) + "\"" +
            ",\"commandsApplied\":" + status.commandsApplied() +
            ",\"recoveredCommands\":" + engine.recovery().commands() +
            ",\"recoveredFromSnapshotSeq\":" + engine.recoverySnapshotSequence() +
            ",\"lastSnapshotSeq\":" + engine.lastSnapshotSequence() +
            ",\"connections\":" + gateway.connections() + ",\"slowConsumerCloses\":" + gateway.slowConsumerCloses() +
            ",\"journalFailures\":" + engine.errors().journalFailures() +
            ",\"pretouchFailures\":" + engine.errors().pretouchFailures() +
            ",\"journalStopped\":" + !up +
            (linkServer == null ? "" : ",\"linkedGateways\":" + Arrays.toString(linkServer.attachedGateways()).replace(" ", "")) +
            "}";
    }

    /** The embedded gateway's connections close, then the other gateways' links (the engine resets their sessions), then the engine. */
    @Override
    public void close()
    {
        close(gateway, linkServer, engine);
    }

    private static void close(final Gateway gateway, final EngineLinkServer linkServer, final Engine engine)
    {
        try
        {
            gateway.close();
        }
        finally
        {
            try
            {
                if (linkServer != null)
                {
                    linkServer.close();
                }
            }
            finally
            {
                engine.close();
            }
        }
    }
}
