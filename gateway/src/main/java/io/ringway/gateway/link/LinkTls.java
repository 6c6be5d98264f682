package io.ringway.gateway.link;

import io.netty.handler.ssl.SslContext;
import io.ringway.gateway.io.ClientTls;
import io.ringway.gateway.io.ServerTls;

import java.nio.file.Path;

/**
 * TLS for the engine link, with the JDK's TLS (no native library): the engine presents a certificate, and a gateway
 * checks it against the certificates it trusts and the name it dialled (as HTTPS does), before it sends its HELLO and
 * the link secret. The link's bytes inside TLS are the same as without it. TLS 1.3 and 1.2 only.
 */
public final class LinkTls
{
    private LinkTls()
    {
    }

    /**
     * The engine's side.
     *
     * @param certificateChain PEM: the engine's certificate first, then any intermediates
     * @param privateKey       PEM, PKCS#8 ({@code BEGIN PRIVATE KEY}, as {@code openssl genpkey} writes), unencrypted
     * @throws IllegalArgumentException when a file is missing or the certificate and key cannot be used
     */
    public static SslContext server(final Path certificateChain, final Path privateKey)
    {
        return ServerTls.context(certificateChain, privateKey, "--link-tls-cert-file", "--link-tls-key-file", "the link's");
    }

    /**
     * A gateway's side.
     *
     * @param trusted PEM certificates to trust (the engine's, or the CA that signed it), or null for the JDK's trusted CAs
     * @throws IllegalArgumentException when the file is missing or holds no usable certificate
     */
    public static SslContext client(final Path trusted)
    {
        return ClientTls.context(trusted, "--engine-tls-trust-file");
    }
}
