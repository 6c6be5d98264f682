package io.ringway.engine.logic;

import org.agrona.DirectBuffer;

/**
 * Where the business logic sends each outbound link event, addressed to one gateway. Called on
 * the business-logic thread; the buffer is reused after the call returns, so copy it.
 */
@FunctionalInterface
public interface OutboundSink
{
    OutboundSink DISCARD = (gatewayId, buffer, offset, length) -> {};

    void onEvent(int gatewayId, DirectBuffer buffer, int offset, int length);
}
