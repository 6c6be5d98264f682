package io.ringway.gateway.io;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

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
 * A server's TLS from PEM files, with the JDK's TLS (no native library), TLS 1.3 and 1.2: the client listeners'
 * ({@code --tls-cert-file}, wss:// and TLS raw TCP) and the engine link's ({@code --link-tls-cert-file}).
 */
public final class ServerTls
{
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_END = "-----END PRIVATE KEY-----";

    private ServerTls()
    {
    }

    /**
     * @param certificateChain PEM: the server's certificate first, then any intermediates
     * @param privateKey       PEM, PKCS#8 ({@code BEGIN PRIVATE KEY}, as {@code openssl genpkey} writes), unencrypted
     * @param certFlag         the flag that named {@code certificateChain}, for messages
     * @param keyFlag          the flag that named {@code privateKey}
     * @param whose            "the link's", "the listeners'": whose certificate, for messages
     * @throws IllegalArgumentException when a file is missing, the key is not the certificate's, or they cannot be used
     */
    public static SslContext context(
        final Path certificateChain, final Path privateKey, final String certFlag, final String keyFlag, final String whose)
    {
        requireReadable(certificateChain, certFlag);
        requireReadable(privateKey, keyFlag);
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
            throw new IllegalArgumentException("cannot use " + whose + " TLS certificate " + certificateChain + " and key " + privateKey
                + " (PEM, the key in PKCS#8: BEGIN PRIVATE KEY): " + rootMessage(ex), ex);
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
        final String algorithm = switch (publicKey.getAlgorithm())
        {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null; // RSASSA-PSS and the like want parameters: the handshake will tell
        };
        if (algorithm == null)
        {
            return;
        }
        final byte[] challenge = "ringway key check".getBytes(StandardCharsets.US_ASCII);
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

    public static void requireReadable(final Path file, final String flag)
    {
        if (!Files.isReadable(file))
        {
            throw new IllegalArgumentException(flag + " " + file + ": no such readable file");
        }
    }

    public static String rootMessage(final Throwable failure)
    {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause)
        {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
