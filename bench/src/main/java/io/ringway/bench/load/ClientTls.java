package io.ringway.bench.load;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The load generator's TLS towards wss:// and {@code --tcp-tls} servers: the JDK's TLS, the server's name checked as HTTPS does. */
final class ClientTls
{
    private ClientTls()
    {
    }

    /** @param trusted PEM certificates to trust, or null for the JDK's certificate authorities */
    static SslContext context(final Path trusted)
    {
        final SslContextBuilder builder = SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .protocols("TLSv1.3", "TLSv1.2")
            .endpointIdentificationAlgorithm("HTTPS");
        if (trusted != null)
        {
            if (!Files.isReadable(trusted))
            {
                throw new IllegalArgumentException("--tls-trust-file " + trusted + ": no such readable file");
            }
            builder.trustManager(trusted.toFile());
        }
        try
        {
            return builder.build();
        }
        catch (final SSLException | IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("cannot use the trusted certificates in " + trusted + ": " + ex.getMessage(), ex);
        }
    }
}
