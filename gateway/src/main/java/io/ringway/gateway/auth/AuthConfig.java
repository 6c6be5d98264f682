package io.ringway.gateway.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How connections prove who they are. Either <b>dev mode</b> (nothing configured: {@code client_id},
 * the {@code auth} token or HELLO's {@code user} is trusted as the user id) or <b>JWT</b>: an HS256
 * shared secret and/or RS256/ES256 public keys from a JWKS file, with optional issuer and audience
 * checks. Everything is validated here, at start-up, so a weak secret or an unusable key file stops
 * the server with a clear message instead of failing one connection at a time.
 *
 * <p>Not a record: the secret must not end up in a {@code toString()} or be compared by value.
 */
public final class AuthConfig
{
    /** The environment variable that may hold the HS256 secret (instead of a file). */
    public static final String SECRET_ENV = "RINGWAY_JWT_SECRET";
    /** RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits. */
    public static final int MIN_HS256_SECRET_BYTES = 32;
    /** RFC 7518 §3.3: RS256 keys of 2048 bits or more. */
    public static final int MIN_RSA_KEY_BITS = 2048;
    /** Allowance for clocks that disagree, applied to {@code exp} and {@code nbf}. */
    public static final long DEFAULT_CLOCK_SKEW_S = 30;
    public static final long MAX_CLOCK_SKEW_S = 600;

    private static final AuthConfig DEV_MODE = new AuthConfig(null, List.of(), List.of(), List.of(), null, null, 0);

    private final byte[] hs256Secret;
    private final List<RSAKey> rsaKeys;
    private final List<ECKey> ecKeys;
    private final List<String> notes;
    private final String issuer;
    private final String audience;
    private final long clockSkewMs;

    private AuthConfig(
        final byte[] hs256Secret, final List<RSAKey> rsaKeys, final List<ECKey> ecKeys, final List<String> notes,
        final String issuer, final String audience, final long clockSkewMs)
    {
        this.hs256Secret = hs256Secret;
        this.rsaKeys = List.copyOf(rsaKeys);
        this.ecKeys = List.copyOf(ecKeys);
        this.notes = List.copyOf(notes);
        this.issuer = issuer;
        this.audience = audience;
        this.clockSkewMs = clockSkewMs;
    }

    /** Nothing configured: identities are trusted. Only for localhost. */
    public static AuthConfig devMode()
    {
        return DEV_MODE;
    }

    /**
     * JWT auth from key material in memory.
     *
     * @param hs256Secret the HS256 shared secret (at least 32 bytes), or null to refuse HS256 tokens
     * @param jwks        public keys for RS256 (RSA) and ES256 (EC P-256), or null to refuse both
     * @param issuer      required {@code iss}, or null for any
     * @param audience    a value {@code aud} must contain, or null for any
     * @param clockSkewS  allowance applied to {@code exp} and {@code nbf}, 0 to {@value #MAX_CLOCK_SKEW_S}
     * @throws IllegalArgumentException with a message fit for an operator
     */
    public static AuthConfig jwt(
        final byte[] hs256Secret, final JWKSet jwks, final String issuer, final String audience, final long clockSkewS)
    {
        if (hs256Secret == null && jwks == null)
        {
            throw new IllegalArgumentException("JWT auth needs an HS256 secret or a JWKS file");
        }
        if (hs256Secret != null && hs256Secret.length < MIN_HS256_SECRET_BYTES)
        {
            throw new IllegalArgumentException("the HS256 secret is " + hs256Secret.length + " bytes; at least " +
                MIN_HS256_SECRET_BYTES + " bytes (256 bits) are required, e.g. from: openssl rand -base64 48");
        }
        if (clockSkewS < 0 || clockSkewS > MAX_CLOCK_SKEW_S)
        {
            throw new IllegalArgumentException("the JWT clock skew must be 0 to " + MAX_CLOCK_SKEW_S + " s");
        }
        if (issuer != null && issuer.isEmpty() || audience != null && audience.isEmpty())
        {
            throw new IllegalArgumentException("the JWT issuer and audience must not be empty when given");
        }
        final List<RSAKey> rsaKeys = new ArrayList<>();
        final List<ECKey> ecKeys = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        if (jwks != null)
        {
            for (final JWK key : jwks.getKeys())
            {
                selectKey(key, rsaKeys, ecKeys, notes);
            }
            if (rsaKeys.isEmpty() && ecKeys.isEmpty())
            {
                throw new IllegalArgumentException("the JWKS has no usable signing key: RS256 needs an RSA key, " +
                    "ES256 an EC key on P-256 (" + String.join("; ", notes) + ")");
            }
        }
        return new AuthConfig(hs256Secret == null ? null : hs256Secret.clone(), rsaKeys, ecKeys, notes,
            issuer, audience, clockSkewS * 1000);
    }

    /**
     * What {@code ringway server} configures: the secret from a file or the {@value #SECRET_ENV}
     * environment variable, public keys from a JWKS file. Nothing given is dev mode.
     *
     * @param secretFile    file whose bytes are the HS256 secret (a trailing CR/LF is dropped), or null
     * @param secretFromEnv the value of {@value #SECRET_ENV} (UTF-8 bytes), or null when unset
     * @param jwksFile      a JWKS file ({@code {"keys":[...]}}), or null
     * @throws IllegalArgumentException with a message fit for an operator
     */
    public static AuthConfig load(
        final Path secretFile, final String secretFromEnv, final Path jwksFile,
        final String issuer, final String audience, final long clockSkewS)
    {
        if (secretFile != null && secretFromEnv != null)
        {
            throw new IllegalArgumentException("the HS256 secret is given twice: --jwt-hs256-secret-file and " +
                SECRET_ENV + "; use one");
        }
        if (secretFromEnv != null && secretFromEnv.isEmpty())
        {
            throw new IllegalArgumentException(SECRET_ENV + " is set but empty");
        }
        final byte[] secret = secretFile != null ? readSecret(secretFile)
            : secretFromEnv != null ? secretFromEnv.getBytes(StandardCharsets.UTF_8) : null;
        final JWKSet jwks = jwksFile == null ? null : readJwks(jwksFile);
        if (secret == null && jwks == null)
        {
            if (issuer != null || audience != null)
            {
                throw new IllegalArgumentException("--jwt-issuer and --jwt-audience need --jwt-hs256-secret-file, " +
                    SECRET_ENV + " or --jwt-jwks-file");
            }
            return devMode();
        }
        try
        {
            return jwt(secret, jwks, issuer, audience, clockSkewS);
        }
        finally
        {
            if (secret != null)
            {
                Arrays.fill(secret, (byte)0);
            }
        }
    }

    /**
     * The HS256 secret in {@code file}: its bytes as they are (not base64-decoded), less trailing CR/LF.
     *
     * @throws IllegalArgumentException when the file cannot be read
     */
    public static byte[] readSecret(final Path file)
    {
        try
        {
            final byte[] bytes = Files.readAllBytes(file);
            int length = bytes.length;
            // `echo secret > file` adds a newline that nobody means as part of the secret
            while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r'))
            {
                length--;
            }
            final byte[] secret = Arrays.copyOf(bytes, length);
            Arrays.fill(bytes, (byte)0);
            return secret;
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read the HS256 secret file " + file + ": " + ex, ex);
        }
    }

    private static JWKSet readJwks(final Path file)
    {
        try
        {
            return JWKSet.load(file.toFile());
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read the JWKS file " + file + ": " + ex, ex);
        }
        catch (final ParseException ex)
        {
            throw new IllegalArgumentException("the JWKS file " + file + " is not a valid JWK set: " + ex.getMessage(), ex);
        }
    }

    /** Keeps the public part of each key usable for RS256 or ES256; says why it passes over the others. */
    private static void selectKey(final JWK key, final List<RSAKey> rsaKeys, final List<ECKey> ecKeys, final List<String> notes)
    {
        final String name = key.getKeyID() == null ? "a key without kid" : "kid " + key.getKeyID();
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse()))
        {
            notes.add("ignored " + name + ": use is " + key.getKeyUse().identifier() + ", not sig");
            return;
        }
        if (key instanceof RSAKey rsa)
        {
            if (key.getAlgorithm() != null && !JWSAlgorithm.RS256.equals(key.getAlgorithm()))
            {
                notes.add("ignored " + name + ": alg " + key.getAlgorithm() + ", only RS256 is accepted for RSA");
                return;
            }
            if (rsa.size() < MIN_RSA_KEY_BITS)
            {
                throw new IllegalArgumentException("the JWKS RSA key " + name + " has " + rsa.size() + " bits; at least " +
                    MIN_RSA_KEY_BITS + " are required");
            }
            warnIfPrivate(key, name, notes);
            rsaKeys.add(rsa.toPublicJWK());
        }
        else if (key instanceof ECKey ec)
        {
            if (!Curve.P_256.equals(ec.getCurve()))
            {
                notes.add("ignored " + name + ": curve " + ec.getCurve() + ", only P-256 (ES256) is accepted");
                return;
            }
            if (key.getAlgorithm() != null && !JWSAlgorithm.ES256.equals(key.getAlgorithm()))
            {
                notes.add("ignored " + name + ": alg " + key.getAlgorithm() + ", only ES256 is accepted for EC");
                return;
            }
            warnIfPrivate(key, name, notes);
            ecKeys.add(ec.toPublicJWK());
        }
        else
        {
            // An HMAC key (kty oct) in a public key file would let RS256 and HS256 share a key set:
            // the algorithm-confusion mistake this separation exists to prevent.
            notes.add("ignored " + name + ": kty " + key.getKeyType() + "; the JWKS is for RSA and EC public keys, " +
                "an HS256 secret comes from --jwt-hs256-secret-file");
        }
    }

    private static void warnIfPrivate(final JWK key, final String name, final List<String> notes)
    {
        if (key.isPrivate())
        {
            notes.add("WARNING: " + name + " holds private key material; only its public part is used, " +
                "keep private keys out of this file");
        }
    }

    public boolean isDevMode()
    {
        return hs256Secret == null && rsaKeys.isEmpty() && ecKeys.isEmpty();
    }

    /** A copy: callers cannot change the configured secret. Null when HS256 is not accepted. */
    byte[] hs256Secret()
    {
        return hs256Secret == null ? null : hs256Secret.clone();
    }

    List<RSAKey> rsaKeys()
    {
        return rsaKeys;
    }

    List<ECKey> ecKeys()
    {
        return ecKeys;
    }

    public String issuer()
    {
        return issuer;
    }

    public String audience()
    {
        return audience;
    }

    public long clockSkewMs()
    {
        return clockSkewMs;
    }

    /** Why keys in the JWKS were passed over, and other things an operator should know. */
    public List<String> notes()
    {
        return notes;
    }

    /** One line for the start-up banner; never shows the secret. */
    public String describe()
    {
        if (isDevMode())
        {
            return "dev mode (no JWT secret or keys)";
        }
        final List<String> algorithms = new ArrayList<>();
        if (hs256Secret != null)
        {
            algorithms.add("HS256 (" + hs256Secret.length + "-byte secret)");
        }
        if (!rsaKeys.isEmpty())
        {
            algorithms.add("RS256 (" + keyIds(rsaKeys) + ")");
        }
        if (!ecKeys.isEmpty())
        {
            algorithms.add("ES256 (" + keyIds(ecKeys) + ")");
        }
        return "JWT " + String.join(", ", algorithms) +
            (issuer == null ? "" : "; iss " + issuer) +
            (audience == null ? "" : "; aud " + audience) +
            "; exp required; clock skew " + clockSkewMs / 1000 + " s";
    }

    private static String keyIds(final List<? extends JWK> keys)
    {
        final List<String> ids = new ArrayList<>();
        for (final JWK key : keys)
        {
            ids.add(key.getKeyID() == null ? "no kid" : "kid " + key.getKeyID());
        }
        return keys.size() + (keys.size() == 1 ? " key: " : " keys: ") + String.join(", ", ids);
    }

    @Override
    public String toString()
    {
        return "AuthConfig[" + describe() + "]";
    }
}
