package io.ringway.gateway.link;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * TLS for the engine link, with the JDK's TLS (no native library): the engine presents a certificate, and a gateway
 * checks it against the certificates it trusts and the name it dialled (as HTTPS does), before it sends its HELLO and
 * the link secret. The link's bytes inside TLS are the same as without it. TLS 1.3 and 1.2 only.
 */
public final class LinkTls
{
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_END = "-----END PRIVATE KEY-----";

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
        requireReadable(certificateChain, "--link-tls-cert-file");
        requireReadable(privateKey, "--link-tls-key-file");
        try
        {
            requireKeyOfCertificate(certificateChain, privateKey);
            return SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .build();
        }
        catch (final GeneralSecurityException | IOException | IllegalArgumentException ex) // SSLException is an IOException
        {
            throw new IllegalArgumentException("cannot use the link's TLS certificate " + certificateChain + " and key " + privateKey
                + " (PEM, the key in PKCS#8: BEGIN PRIVATE KEY): " + rootMessage(ex), ex);
        }
    }

    /**
     * A gateway's side.
     *
     * @param trusted PEM certificates to trust (the engine's, or the CA that signed it), or null for the JDK's trusted CAs
     * @throws IllegalArgumentException when the file is missing or holds no usable certificate
     */
    public static SslContext client(final Path trusted)
    {
        final SslContextBuilder builder = SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .protocols(PROTOCOLS)
            .endpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host dialled, not just be signed
        if (trusted != null)
        {
            requireReadable(trusted, "--engine-tls-trust-file");
            builder.trustManager(trusted.toFile());
        }
        try
        {
            return builder.build();
        }
        catch (final SSLException | IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("cannot use the trusted certificates in " + trusted + " (PEM): " + rootMessage(ex), ex);
        }
    }

    /**
     * The JDK's TLS would take a key that is not the certificate's and fail every handshake later: say so at start. The key
     * signs a challenge, the certificate's public key must verify it.
     */
    private static void requireKeyOfCertificate(final Path certificateChain, final Path privateKey) throws IOException, GeneralSecurityException
    {
        final X509Certificate certificate;
        try (InputStream in = Files.newInputStream(certificateChain))
        {
            certificate = (X509Certificate)CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        final String pem = Files.readString(privateKey, StandardCharsets.US_ASCII);
        final int begin = pem.indexOf(PKCS8_BEGIN);
        final int end = pem.indexOf(PKCS8_END);
        if (begin < 0 || end < begin)
        {
            throw new IllegalArgumentException("the key is not a PKCS#8 PEM key (BEGIN PRIVATE KEY)");
        }
        final byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + PKCS8_BEGIN.length(), end));
        final PublicKey publicKey = certificate.getPublicKey();
        final PrivateKey key = KeyFactory.getInstance(publicKey.getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
        final String algorithm = "EC".equals(publicKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + publicKey.getAlgorithm();
        final byte[] challenge = "ringway link key check".getBytes(StandardCharsets.US_ASCII);
        final Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(challenge);
        final byte[] signature = signer.sign();
        final Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(challenge);
        if (!verifier.verify(signature))
        {
            throw new IllegalArgumentException("the key is not the one of the certificate (" + certificate.getSubjectX500Principal() + ")");
        }
    }

    /** A gateway's handler for a link to {@code host:port}: the name checked against the engine's certificate. */
    static SslHandler clientHandler(final SslContext context, final ByteBufAllocator alloc, final String host, final int port)
    {
        return context.newHandler(alloc, host, port);
    }

    private static void requireReadable(final Path file, final String flag)
    {
        if (!Files.isReadable(file))
        {
            throw new IllegalArgumentException(flag + " " + file + ": no such readable file");
        }
    }

    static String rootMessage(final Throwable failure)
    {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause)
        {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
