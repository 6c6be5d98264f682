package io.ringway.engine.link;

import org.agrona.DirectBuffer;

/** Where the business logic's events for one attached gateway go: a ring to its dispatcher thread, or the dispatcher itself. */
interface GatewayOutbound
{
    /** Business-logic thread only. The bytes are copied or consumed before this returns. */
    void publish(DirectBuffer buffer, int offset, int length);

    /** Everything published has been handed to the gateway's listener when this returns. */
    void close();
}
