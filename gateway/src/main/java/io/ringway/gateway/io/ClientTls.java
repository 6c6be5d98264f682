package io.ringway.gateway.io;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import java.nio.file.Path;

/**
 * A client's TLS, with the JDK's TLS, TLS 1.3 and 1.2: the server's certificate is checked against what is trusted and
 * against the name dialled, as HTTPS does. A gateway's towards its engine ({@code --engine-tls-trust-file}) and the load
 * generator's ({@code --tls-trust-file}).
 */
public final class ClientTls
{
    private ClientTls()
    {
    }

    /**
     * @param trusted   PEM certificates to trust (the server's, or the CA that signed it), or null for the JDK's trusted CAs
     * @param trustFlag the flag that named {@code trusted}, for messages
     * @throws IllegalArgumentException when the file is missing or holds no usable certificate
     */
    public static SslContext context(final Path trusted, final String trustFlag)
    {
        final SslContextBuilder builder = SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .protocols(ServerTls.PROTOCOLS)
            .endpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host dialled, not just be signed
        if (trusted != null)
        {
            ServerTls.requireReadable(trusted, trustFlag);
            builder.trustManager(trusted.toFile());
        }
        try
        {
            return builder.build();
        }
        catch (final SSLException | IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("cannot use the trusted certificates in " + trusted + " (" + trustFlag + ", PEM): "
                + ServerTls.rootMessage(ex), ex);
        }
    }
}
