package io.ringway.engine.link;

/** How an in-process gateway receives the engine's events. */
public enum OutboundDelivery
{
    /**
     * Through a ring per gateway to its own dispatcher thread (the default): the logic thread only
     * copies each event, and the gateway's encoding work runs beside it on another core.
     */
    RING,
    /**
     * The logic thread calls the gateway's dispatcher directly: one thread crossing and one
     * wake-up fewer per event, at the price of the encoding work running on the logic thread.
     * Worth it when cores are scarce (docs/performance/TUNING.md).
     */
    DIRECT
}
