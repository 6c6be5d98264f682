package io.ringway.gateway.session;

/**
 * A connection's life: INIT → OPEN ⇄ DRAINING → CLOSING → CLOSED. DRAINING while Netty reports
 * the channel unwritable (the client reads slower than we send): queues fill but nothing is
 * written. CLOSING and CLOSED are one-way.
 */
public enum ConnectionState
{
    /** Accepted, handshake or identity pending. */
    INIT,
    OPEN,
    DRAINING,
    CLOSING,
    CLOSED;

    public boolean isClosingOrClosed()
    {
        return this == CLOSING || this == CLOSED;
    }
}
