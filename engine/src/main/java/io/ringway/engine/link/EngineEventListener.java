package io.ringway.engine.link;

import org.agrona.DirectBuffer;

/**
 * Receives the engine's link events for one gateway, in engine order, on one thread (the
 * gateway's outbound dispatcher). The buffer is reused after the call returns.
 */
@FunctionalInterface
public interface EngineEventListener
{
    void onEvent(DirectBuffer buffer, int offset, int length);
}
