package io.ringway.engine.link;

import org.agrona.DirectBuffer;

/**
 * A gateway's view of the engine: where it sends internal link commands. The in-process
 * implementation offers straight onto the inbound ring; a network one would frame the same
 * bytes onto a TCP connection.
 */
public interface EngineLink extends AutoCloseable
{
    /** This gateway's id, stamped in every command it sends. */
    int gatewayId();

    /**
     * Offers one command. Never blocks.
     *
     * @return false when the engine is saturated (back-pressure): the caller answers
     * {@code overloaded} instead of queueing without bound.
     */
    boolean offer(DirectBuffer buffer, int offset, int length);

    @Override
    void close();
}
