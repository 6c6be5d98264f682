package io.ringway.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Keys and tokens minted with nimbus itself, for the auth tests. Expiry times are decades away
 * from now on either side, so no test depends on how long it runs.
 */
public final class TestTokens
{
    /** 48 bytes: comfortably over the 32-byte minimum. */
    public static final byte[] SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxy".getBytes(StandardCharsets.US_ASCII);
    public static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");
    public static final Instant FAR_PAST = Instant.parse("2000-01-01T00:00:00Z");

    public static final RSAKey RSA = generateRsa("rsa-1");
    public static final ECKey EC = generateEc("ec-1");
    /** Not in {@link #jwks()}: signs forgeries. */
    public static final ECKey OTHER_EC = generateEc("ec-1");

    private TestTokens()
    {
    }

    /** Public RSA and EC keys, as a server's JWKS file holds them. */
    public static JWKSet jwks()
    {
        return new JWKSet(List.<JWK>of(RSA.toPublicJWK(), EC.toPublicJWK()));
    }

    /** {@code sub} and an {@code exp} in 2100. */
    public static JWTClaimsSet.Builder claims(final String sub)
    {
        return new JWTClaimsSet.Builder().subject(sub).expirationTime(Date.from(FAR_FUTURE));
    }

    public static JWTClaimsSet.Builder claimsWithRooms(final String sub, final List<String> join, final List<String> publish)
    {
        return claims(sub).claim("rooms", Map.of("join", join, "publish", publish));
    }

    public static String hs256(final JWTClaimsSet claims)
    {
        return hs256(SECRET, claims);
    }

    public static String hs256(final byte[] secret, final JWTClaimsSet claims)
    {
        try
        {
            return sign(new JWSHeader(JWSAlgorithm.HS256), new MACSigner(secret), claims);
        }
        catch (final JOSEException ex)
        {
            throw new AssertionError(ex);
        }
    }

    public static String rs256(final JWTClaimsSet claims)
    {
        try
        {
            return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()).build(), new RSASSASigner(RSA), claims);
        }
        catch (final JOSEException ex)
        {
            throw new AssertionError(ex);
        }
    }

    public static String es256(final ECKey key, final String keyId, final JWTClaimsSet claims)
    {
        try
        {
            return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyId).build(), new ECDSASigner(key), claims);
        }
        catch (final JOSEException ex)
        {
            throw new AssertionError(ex);
        }
    }

    public static String sign(final JWSHeader header, final JWSSigner signer, final JWTClaimsSet claims)
    {
        try
        {
            final SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        }
        catch (final JOSEException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static RSAKey generateRsa(final String keyId)
    {
        try
        {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        }
        catch (final JOSEException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static ECKey generateEc(final String keyId)
    {
        try
        {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
        }
        catch (final JOSEException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
