package io.ringway.engine.link;

import org.agrona.DirectBuffer;

/**
 * Where the engine's events for one attached gateway go: a ring to its dispatcher thread, or the
 * dispatcher itself; and, for the few events made off the logic thread (history pages served from
 * the journal), the gateway's second listener on the thread that made them.
 */
interface GatewayOutbound
{
    /** Business-logic thread only. The bytes are copied or consumed before this returns. */
    void publish(DirectBuffer buffer, int offset, int length);

    /**
     * The history reader thread only: straight to the gateway's listener for another thread
     * ({@link EngineEventListener#forAnotherThread}), so the logic thread's ring keeps one producer.
     */
    void publishFromAnotherThread(DirectBuffer buffer, int offset, int length);

    /** Everything published has been handed to the gateway's listener when this returns. */
    void close();
}
