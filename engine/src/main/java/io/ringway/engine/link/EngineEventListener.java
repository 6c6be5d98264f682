package io.ringway.engine.link;

import org.agrona.DirectBuffer;

/**
 * Receives the engine's link events for one gateway, in engine order, on one thread: the
 * gateway's outbound dispatcher thread ({@link OutboundDelivery#RING}) or the business-logic
 * thread ({@link OutboundDelivery#DIRECT}). The buffer is reused after the call returns, and on
 * the logic thread the call must not block.
 */
@FunctionalInterface
public interface EngineEventListener
{
    void onEvent(DirectBuffer buffer, int offset, int length);

    /**
     * The listener for events made on one other engine thread (the history reader's journal-served
     * replies), called on that thread while this one may be running: a listener with per-call
     * state returns a second instance; a thread-safe one may return itself, as by default.
     */
    default EngineEventListener forAnotherThread()
    {
        return this;
    }
}
