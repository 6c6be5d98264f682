package io.ringway.engine.link;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.agrona.DirectBuffer;

import io.ringway.engine.EngineThreadFactory;

import java.util.concurrent.ThreadFactory;

/**
 * One gateway's outbound ring ({@link OutboundDelivery#RING}): the business-logic thread is its
 * only producer, the gateway's dispatcher thread its consumer. When the ring is full the business
 * logic waits: events are never dropped here (slow clients are dealt with per session in the
 * gateway, not by stalling or losing the engine's output).
 */
final class RingGatewayOutbound implements GatewayOutbound
{
    private final Disruptor<OutboundEvent> disruptor;
    private final RingBuffer<OutboundEvent> ring;
    private final EngineEventListener sideListener;
    private final ExceptionHandler<Object> errors;

    RingGatewayOutbound(
        final int gatewayId, final int ringSize, final WaitStrategy waitStrategy,
        final EngineEventListener listener, final ExceptionHandler<Object> errors, final EngineThreadFactory threadFactory)
    {
        this.sideListener = listener.forAnotherThread();
        this.errors = errors;
        final ThreadFactory threads = runnable -> threadFactory.newDaemon(runnable, "ringway-outbound-gw" + gatewayId);
        disruptor = new Disruptor<>(OutboundEvent::new, ringSize, threads, ProducerType.SINGLE, waitStrategy);
        disruptor.handleEventsWith((event, sequence, endOfBatch) -> listener.onEvent(event.buffer, 0, event.length));
        disruptor.setDefaultExceptionHandler(errors);
        ring = disruptor.start();
    }

    @Override
    public void publish(final DirectBuffer buffer, final int offset, final int length)
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

    @Override
    public void publishFromAnotherThread(final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            sideListener.onEvent(buffer, offset, length);
        }
        catch (final RuntimeException | Error ex) // as in publish: the history reader's thread must survive the gateway's failure
        {
            errors.handleEventException(ex, -1, null);
        }
    }

    /** Waits until the dispatcher has handled everything published, then stops it. */
    @Override
    public void close()
    {
        disruptor.shutdown();
    }
}
