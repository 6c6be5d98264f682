package io.ringway.engine.link;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.WaitStrategy;
import io.ringway.engine.EngineThreadFactory;
import io.ringway.engine.logic.OutboundSink;
import org.agrona.DirectBuffer;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Routes the business logic's events to the outbound ring of the gateway they are for. Events
 * for a gateway that is not attached are dropped: they address sessions that no longer exist
 * (replay at start-up, a gateway that went away). Attach/detach happen off the business-logic
 * thread and publish a new array, so the hot path reads one volatile reference.
 */
public final class OutboundRouter implements OutboundSink
{
    private final int ringSize;
    private final Supplier<WaitStrategy> waitStrategies;
    private final ExceptionHandler<Object> errors;
    private final EngineThreadFactory threadFactory;
    private volatile GatewayOutbound[] byGatewayId = new GatewayOutbound[0];

    public OutboundRouter(final int ringSize, final Supplier<WaitStrategy> waitStrategies, final ExceptionHandler<Object> errors)
    {
        this(ringSize, waitStrategies, errors, EngineThreadFactory.PLAIN);
    }

    /** @param threadFactory makes each RING gateway's dispatcher thread */
    public OutboundRouter(
        final int ringSize, final Supplier<WaitStrategy> waitStrategies, final ExceptionHandler<Object> errors,
        final EngineThreadFactory threadFactory)
    {
        this.ringSize = ringSize;
        this.waitStrategies = waitStrategies;
        this.errors = errors;
        this.threadFactory = threadFactory;
    }

    @Override
    public void onEvent(final int gatewayId, final DirectBuffer buffer, final int offset, final int length)
    {
        final GatewayOutbound[] outbounds = byGatewayId;
        if (gatewayId < outbounds.length)
        {
            final GatewayOutbound outbound = outbounds[gatewayId];
            if (outbound != null)
            {
                outbound.publish(buffer, offset, length);
            }
        }
    }

    /**
     * For the history reader's thread: its events go to the gateway's listener for another thread,
     * on the calling thread, never through the logic thread's ring (which keeps a single producer).
     */
    public final OutboundSink fromAnotherThread = (gatewayId, buffer, offset, length) ->
    {
        final GatewayOutbound[] outbounds = byGatewayId;
        if (gatewayId < outbounds.length && outbounds[gatewayId] != null)
        {
            outbounds[gatewayId].publishFromAnotherThread(buffer, offset, length);
        }
    };

    public synchronized void attach(final int gatewayId, final EngineEventListener listener)
    {
        attach(gatewayId, listener, OutboundDelivery.RING);
    }

    public synchronized void attach(final int gatewayId, final EngineEventListener listener, final OutboundDelivery delivery)
    {
        GatewayOutbound[] outbounds = byGatewayId;
        if (gatewayId < outbounds.length && outbounds[gatewayId] != null)
        {
            throw new IllegalStateException("gateway " + gatewayId + " is already attached");
        }
        outbounds = Arrays.copyOf(outbounds, Math.max(outbounds.length, gatewayId + 1));
        outbounds[gatewayId] = delivery == OutboundDelivery.DIRECT
            ? new DirectGatewayOutbound(listener, errors)
            : new RingGatewayOutbound(gatewayId, ringSize, waitStrategies.get(), listener, errors, threadFactory);
        byGatewayId = outbounds;
    }

    public synchronized void detach(final int gatewayId)
    {
        final GatewayOutbound[] outbounds = Arrays.copyOf(byGatewayId, byGatewayId.length);
        if (gatewayId < outbounds.length && outbounds[gatewayId] != null)
        {
            final GatewayOutbound outbound = outbounds[gatewayId];
            outbounds[gatewayId] = null;
            byGatewayId = outbounds;
            outbound.close();
        }
    }

    public synchronized void closeAll()
    {
        final GatewayOutbound[] outbounds = byGatewayId;
        byGatewayId = new GatewayOutbound[0];
        for (final GatewayOutbound outbound : outbounds)
        {
            if (outbound != null)
            {
                outbound.close();
            }
        }
    }
}
