package io.ringway.gateway.auth;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.ringway.codec.json.ClientCommandParser;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Checks a compact JWS token against the configured keys and turns it into a user id and room
 * grants, or into the reason it was refused. Runs on the gateway's I/O threads, once per
 * authentication (not per message); the engine only ever sees the resulting user id.
 *
 * <p>The algorithm is chosen by the configuration, never by the token: the header's {@code alg}
 * only picks among the verifiers that exist. HS256 is checked only against the shared secret,
 * RS256 only against RSA public keys, ES256 only against EC P-256 keys; {@code none}, every other
 * algorithm and encrypted tokens (JWE) are refused. So an HS256 token "signed" with an RSA public
 * key (algorithm confusion) cannot verify. The key is selected by {@code kid} when the token
 * has one; without a kid every key of the algorithm is tried.
 *
 * <p>Claims: {@code sub} is the user id (1 to 128 UTF-8 bytes, like every name); {@code exp} is
 * required and {@code nbf} honoured when present, both with the configured clock skew;
 * {@code iss} and {@code aud} are checked when configured; the optional {@code rooms} claim
 * becomes {@link RoomGrants}. The signature is checked before any claim, so a forged token is
 * reported as a bad signature whatever it claims.
 *
 * <p>Thread-safe: immutable, and nimbus' verifiers are thread-safe. Bad input of any shape gives a
 * rejection, never an exception.
 */
public final class JwtVerifier
{
    public static final String MALFORMED = "malformed";
    public static final String UNSUPPORTED_ALGORITHM = "unsupported algorithm";
    public static final String UNKNOWN_KEY = "unknown key";
    public static final String BAD_SIGNATURE = "bad signature";
    public static final String MISSING_EXP = "missing exp";
    public static final String EXPIRED = "expired";
    public static final String NOT_YET_VALID = "not yet valid";
    public static final String WRONG_ISSUER = "wrong issuer";
    public static final String WRONG_AUDIENCE = "wrong audience";
    public static final String MISSING_SUB = "missing sub";
    public static final String INVALID_SUB = "invalid sub";
    public static final String INVALID_ROOMS = "invalid rooms claim";

    /**
     * Either a user id, its grants and how long the token stays valid, or the reason the token was refused.
     *
     * @param validForMs from the verification until {@code exp} (plus the clock skew) passes: the
     *                   connection it authenticates is closed then, unless a newer token replaces it
     */
    public record Result(String user, RoomGrants grants, String rejection, long validForMs)
    {
        static Result accepted(final String user, final RoomGrants grants, final long validForMs)
        {
            return new Result(user, grants, null, validForMs);
        }

        static Result rejected(final String reason)
        {
            return new Result(null, null, reason, 0);
        }

        public boolean isAccepted()
        {
            return rejection == null;
        }
    }

    /** A verifier for one configured public key, with its kid for selection. */
    private record KeyedVerifier(String keyId, JWSVerifier verifier)
    {
    }

    private final JWSVerifier hs256;
    private final List<KeyedVerifier> rs256 = new ArrayList<>();
    private final List<KeyedVerifier> es256 = new ArrayList<>();
    private final String issuer;
    private final String audience;
    private final long clockSkewMs;
    private final Clock clock;

    /**
     * @param config JWT configuration (not dev mode)
     * @param clock  wall clock for {@code exp}/{@code nbf}; the gateway's, never the engine's
     */
    public JwtVerifier(final AuthConfig config, final Clock clock)
    {
        if (config.isDevMode())
        {
            throw new IllegalArgumentException("dev mode has no JWT verifier");
        }
        this.clock = clock;
        this.issuer = config.issuer();
        this.audience = config.audience();
        this.clockSkewMs = config.clockSkewMs();
        try
        {
            final byte[] secret = config.hs256Secret();
            hs256 = secret == null ? null : new MACVerifier(secret);
            for (final RSAKey key : config.rsaKeys())
            {
                rs256.add(new KeyedVerifier(key.getKeyID(), new RSASSAVerifier(key)));
            }
            for (final ECKey key : config.ecKeys())
            {
                es256.add(new KeyedVerifier(key.getKeyID(), new ECDSAVerifier(key)));
            }
        }
        catch (final JOSEException ex)
        {
            throw new IllegalArgumentException("unusable JWT key: " + ex.getMessage(), ex);
        }
    }

    /** Verifies {@code token} (compact serialisation: {@code header.payload.signature}). */
    public Result verify(final String token)
    {
        try
        {
            return check(token);
        }
        catch (final RuntimeException ex)
        {
            // nimbus validates as it goes; anything it did not foresee is still just a bad token
            return Result.rejected(MALFORMED);
        }
    }

    private Result check(final String token)
    {
        if (token == null || token.isEmpty() || token.length() > ClientCommandParser.MAX_TOKEN_LENGTH)
        {
            return Result.rejected(MALFORMED);
        }
        final Base64URL[] parts;
        final Header header;
        try
        {
            parts = JOSEObject.split(token);
            header = Header.parse(parts[0]);
        }
        catch (final ParseException ex)
        {
            return Result.rejected(MALFORMED);
        }
        final Algorithm alg = header.getAlgorithm();
        if (parts.length != 3 || !(header instanceof JWSHeader) || Algorithm.NONE.equals(alg))
        {
            return Result.rejected(UNSUPPORTED_ALGORITHM); // unsecured (alg none) or encrypted (JWE)
        }

        final List<JWSVerifier> candidates = new ArrayList<>(2);
        if (JWSAlgorithm.HS256.equals(alg) && hs256 != null)
        {
            candidates.add(hs256);
        }
        else if (JWSAlgorithm.RS256.equals(alg) && !rs256.isEmpty())
        {
            select(rs256, ((JWSHeader)header).getKeyID(), candidates);
        }
        else if (JWSAlgorithm.ES256.equals(alg) && !es256.isEmpty())
        {
            select(es256, ((JWSHeader)header).getKeyID(), candidates);
        }
        else
        {
            return Result.rejected(UNSUPPORTED_ALGORITHM);
        }
        if (candidates.isEmpty())
        {
            return Result.rejected(UNKNOWN_KEY);
        }

        final SignedJWT jwt;
        final JWTClaimsSet claims;
        try
        {
            jwt = new SignedJWT(parts[0], parts[1], parts[2]);
            if (!verifiedByAny(jwt, candidates))
            {
                return Result.rejected(BAD_SIGNATURE);
            }
            claims = jwt.getJWTClaimsSet();
        }
        catch (final ParseException ex)
        {
            return Result.rejected(MALFORMED);
        }
        return checkClaims(claims);
    }

    private Result checkClaims(final JWTClaimsSet claims)
    {
        final long nowMs = clock.millis();
        final Date exp = claims.getExpirationTime();
        if (exp == null)
        {
            return Result.rejected(MISSING_EXP);
        }
        if (nowMs >= exp.getTime() + clockSkewMs)
        {
            return Result.rejected(EXPIRED);
        }
        final Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nowMs + clockSkewMs < nbf.getTime())
        {
            return Result.rejected(NOT_YET_VALID);
        }
        if (issuer != null && !issuer.equals(claims.getIssuer()))
        {
            return Result.rejected(WRONG_ISSUER);
        }
        if (audience != null && (claims.getAudience() == null || !claims.getAudience().contains(audience)))
        {
            return Result.rejected(WRONG_AUDIENCE);
        }
        final String sub = claims.getSubject();
        if (sub == null)
        {
            return Result.rejected(MISSING_SUB);
        }
        final int subLength = sub.getBytes(StandardCharsets.UTF_8).length;
        if (subLength == 0 || subLength > ClientCommandParser.MAX_NAME_LENGTH)
        {
            return Result.rejected(INVALID_SUB);
        }
        final RoomGrants grants;
        try
        {
            grants = RoomGrants.fromClaim(claims.getClaim(RoomGrants.CLAIM));
        }
        catch (final IllegalArgumentException ex)
        {
            return Result.rejected(INVALID_ROOMS);
        }
        return Result.accepted(sub, grants, exp.getTime() + clockSkewMs - nowMs);
    }

    /** The keys the token may be signed with: the one named by its kid, or all of them when it names none. */
    private static void select(final List<KeyedVerifier> keys, final String keyId, final List<JWSVerifier> into)
    {
        for (final KeyedVerifier key : keys)
        {
            if (keyId == null || keyId.equals(key.keyId()))
            {
                into.add(key.verifier());
            }
        }
    }

    private static boolean verifiedByAny(final SignedJWT jwt, final List<JWSVerifier> candidates)
    {
        for (final JWSVerifier verifier : candidates)
        {
            try
            {
                if (jwt.verify(verifier))
                {
                    return true;
                }
            }
            catch (final JOSEException ex)
            {
                // this key cannot check this signature (e.g. a malformed ECDSA value): try the next
            }
        }
        return false;
    }
}
