package io.ringway.gateway.link;

import io.netty.handler.ssl.SslContext;

/**
 * Where and how the engine listens for gateways in other processes ({@code ringway server --link-*}).
 *
 * @param host   the address the link port binds: a gateway on it acts for any user, so loopback or a private network,
 *               with a secret (and TLS) beyond loopback
 * @param port   0 picks a free port
 * @param secret what every gateway's HELLO must carry, or null for none
 * @param tls    the engine's TLS certificate and key ({@link LinkTls#server}), or null for plain TCP
 */
public record LinkListener(String host, int port, byte[] secret, SslContext tls)
{
    private static final String LOOPBACK = "127.0.0.1";

    public LinkListener
    {
        secret = secret == null ? null : secret.clone();
    }

    /** Plain TCP on the loopback address, no secret: gateways of this machine. */
    public static LinkListener loopback(final int port)
    {
        return new LinkListener(LOOPBACK, port, null, null);
    }
}
