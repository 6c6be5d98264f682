package io.ringway.engine;

import com.lmax.disruptor.RingBuffer;
import io.ringway.engine.link.EngineLink;
import io.ringway.engine.link.OutboundRouter;
import org.agrona.DirectBuffer;

/** Embedded mode: the gateway lives in the engine's process and offers commands straight onto the inbound ring. */
final class InProcessEngineLink implements EngineLink
{

    private final int gatewayId;
    private final RingBuffer<CommandEvent> ring;
    private final OutboundRouter router;

    InProcessEngineLink(final int gatewayId, final RingBuffer<CommandEvent> ring, final OutboundRouter router)
    {
        this.gatewayId = gatewayId;
        this.ring = ring;
        this.router = router;
    }

    @Override
    public int gatewayId()
    {
        return gatewayId;
    }

    @Override
    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        // Check before claiming: once a slot is claimed it is published even if the copy fails, and a slot
        // whose copy failed still holds an older command, which would be journaled and applied a second time.
        buffer.boundsCheck(offset, length);
        final long sequence;
        try
        {
            sequence = ring.tryNext();
        }
        catch (final com.lmax.disruptor.InsufficientCapacityException ex)
        {
            return false;
        }
        try
        {
            ring.get(sequence).copyFrom(buffer, offset, length);
        }
        finally
        {
            ring.publish(sequence);
        }
        return true;
    }

    @Override
    public void close()
    {
        router.detach(gatewayId);
    }
}
