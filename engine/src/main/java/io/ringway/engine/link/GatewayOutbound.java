package io.ringway.engine.link;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.agrona.DirectBuffer;

import java.util.concurrent.ThreadFactory;

/**
 * One gateway's outbound ring: the business-logic thread is its producer (and the history reader,
 * now and then, for a reply served from the journal: so the ring takes several producers), the
 * gateway's dispatcher thread its consumer. When the ring is full the business logic waits: events are
 * never dropped here (slow clients are dealt with per session in the gateway, not by stalling
 * or losing the engine's output).
 */
final class GatewayOutbound
{
    private final Disruptor<OutboundEvent> disruptor;
    private final RingBuffer<OutboundEvent> ring;

    GatewayOutbound(
        final int gatewayId, final int ringSize, final WaitStrategy waitStrategy,
        final EngineEventListener listener, final ExceptionHandler<Object> errors)
    {
        final ThreadFactory threads = runnable ->
        {
            final Thread thread = new Thread(runnable, "ringway-outbound-gw" + gatewayId);
            thread.setDaemon(true);
            return thread;
        };
        disruptor = new Disruptor<>(OutboundEvent::new, ringSize, threads, ProducerType.MULTI, waitStrategy);
        disruptor.handleEventsWith((event, sequence, endOfBatch) -> listener.onEvent(event.buffer, 0, event.length));
        disruptor.setDefaultExceptionHandler(errors);
        ring = disruptor.start();
    }

    /** The business-logic thread, or the history reader. */
    void publish(final DirectBuffer buffer, final int offset, final int length)
    {
        final long sequence = ring.next();
        try
        {
            ring.get(sequence).copyFrom(buffer, offset, length);
        }
        finally
        {
            ring.publish(sequence);
        }
    }

    /** Waits until the dispatcher has handled everything published, then stops it. */
    void close()
    {
        disruptor.shutdown();
    }
}
