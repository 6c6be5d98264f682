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
}
