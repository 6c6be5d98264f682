package io.ringway.gateway.link;

import io.ringway.engine.link.EngineEventListener;
import io.ringway.engine.link.EngineLink;

/** How the link server attaches a remote gateway to the engine: the engine's in-process attach, for a gateway id. */
@FunctionalInterface
public interface GatewayAttacher
{
    /**
     * @param listener receives the engine's events for the gateway, on the logic thread (and the history reader's)
     * @throws IllegalStateException when a gateway with that id is attached already
     */
    EngineLink attach(int gatewayId, EngineEventListener listener);
}
