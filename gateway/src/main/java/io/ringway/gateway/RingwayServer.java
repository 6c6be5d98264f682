package io.ringway.gateway;

import io.netty.util.concurrent.FastThreadLocalThread;
import io.ringway.engine.Engine;
import io.ringway.engine.EngineConfig;
import io.ringway.engine.EngineStatus;
import io.ringway.engine.link.OutboundDelivery;
import io.ringway.engine.logic.OutboundDigest;
import io.ringway.gateway.ws.Health;

/**
 * Embedded mode: the engine and one gateway in one process, linked in memory. Start-up order is
 * recovery first (the engine replays its journal), then the gateway opens its ports; shutdown is
 * the reverse (connections close, then the engine drains and closes the journal).
 */
public final class RingwayServer implements AutoCloseable
{
    private final Engine engine;
    private final Gateway gateway;

    private RingwayServer(final EngineConfig engineConfig, final GatewayConfig gatewayConfig, final OutboundDelivery delivery)
    {
        // Netty threads: with DIRECT delivery the logic thread runs the dispatcher, which takes pooled buffers per
        // message; Netty's caches look up a plain thread the slow way (seen in a fan-out profile).
        engine = Engine.start(engineConfig, FastThreadLocalThread::new);
        try
        {
            gateway = new Gateway(gatewayConfig,
                listener -> engine.connectInProcess(gatewayConfig.gatewayId(), listener, delivery),
                self -> () -> health(engine, self));
        }
        catch (final RuntimeException ex)
        {
            engine.close();
            throw ex;
        }
    }

    public static RingwayServer start(final EngineConfig engineConfig, final GatewayConfig gatewayConfig)
    {
        return start(engineConfig, gatewayConfig, OutboundDelivery.RING);
    }

    /** @param delivery how the gateway's dispatcher receives the engine's events: its own thread, or the logic thread's */
    public static RingwayServer start(final EngineConfig engineConfig, final GatewayConfig gatewayConfig, final OutboundDelivery delivery)
    {
        return new RingwayServer(engineConfig, gatewayConfig, delivery);
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
    static Health health(final Engine engine, final Gateway gateway)
    {
        final boolean up = !engine.errors().journalStopped();
        return new Health(up, healthJson(engine, gateway, up));
    }

    static String healthJson(final Engine engine, final Gateway gateway, final boolean up)
    {
        final EngineStatus.Snapshot status = engine.status().snapshot();
        return "{\"status\":\"" + (up ? "UP" : "DOWN") + "\"" +
            ",\"lastAppliedSeq\":" + status.appliedSequence() +
            ",\"digest\":\"" + OutboundDigest.toHex(status.digest()) + "\"" +
            ",\"commandsApplied\":" + status.commandsApplied() +
            ",\"recoveredCommands\":" + engine.recovery().commands() +
            ",\"recoveredFromSnapshotSeq\":" + engine.recoverySnapshotSequence() +
            ",\"lastSnapshotSeq\":" + engine.lastSnapshotSequence() +
            ",\"connections\":" + gateway.connections() +
            ",\"journalFailures\":" + engine.errors().journalFailures() +
            ",\"pretouchFailures\":" + engine.errors().pretouchFailures() +
            ",\"journalStopped\":" + !up +
            "}";
    }

    @Override
    public void close()
    {
        try
        {
            gateway.close();
        }
        finally
        {
            engine.close();
        }
    }
}
