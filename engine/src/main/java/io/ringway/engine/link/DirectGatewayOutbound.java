package io.ringway.engine.link;

import com.lmax.disruptor.ExceptionHandler;
import org.agrona.DirectBuffer;

/**
 * {@link OutboundDelivery#DIRECT}: the business-logic thread calls the gateway's listener itself,
 * so an event reaches the sessions' outbound lanes without a ring and a thread in between. The
 * listener's work (JSON encoding, lane offers) then runs on the logic thread, and a slow
 * listener slows the logic down exactly as a full ring would.
 */
final class DirectGatewayOutbound implements GatewayOutbound
{
    private final EngineEventListener listener;
    private final EngineEventListener sideListener;
    private final ExceptionHandler<Object> errors;

    DirectGatewayOutbound(final EngineEventListener listener, final ExceptionHandler<Object> errors)
    {
        this.listener = listener;
        this.sideListener = listener.forAnotherThread();
        this.errors = errors;
    }

    @Override
    public void publish(final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            listener.onEvent(buffer, offset, length);
        }
        catch (final RuntimeException | Error ex)
        {
            // The gateway's failure must not become the business logic's: the state change stands, as with the ring's handler.
            // An Error too (the gateway out of direct memory for a frame): escaping here, it would cut the command short
            // in the middle of its events and leave the live state other than what a replay of the journal computes.
            errors.handleEventException(ex, -1, null);
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

    @Override
    public void close()
    {
        // nothing queued: every event was handled inside publish
    }
}
