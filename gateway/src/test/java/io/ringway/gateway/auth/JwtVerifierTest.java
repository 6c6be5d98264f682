package io.ringway.gateway.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import static io.ringway.gateway.auth.TestTokens.EC;
import static io.ringway.gateway.auth.TestTokens.OTHER_EC;
import static io.ringway.gateway.auth.TestTokens.RSA;
import static io.ringway.gateway.auth.TestTokens.SECRET;
import static io.ringway.gateway.auth.TestTokens.claims;
import static io.ringway.gateway.auth.TestTokens.es256;
import static io.ringway.gateway.auth.TestTokens.hs256;
import static io.ringway.gateway.auth.TestTokens.jwks;
import static io.ringway.gateway.auth.TestTokens.rs256;
import static io.ringway.gateway.auth.TestTokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens are minted with nimbus; "now" is a fixed clock, so expiry never depends on when the test runs. */
class JwtVerifierTest
{
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final long SKEW_S = 30;

    private static final JwtVerifier SECRET_ONLY = verifier(SECRET, null, null, null);
    private static final JwtVerifier KEYS_ONLY = verifier(null, true, null, null);
    private static final JwtVerifier SECRET_AND_KEYS = verifier(SECRET, true, null, null);

    private static JwtVerifier verifier(final byte[] secret, final Boolean keys, final String issuer, final String audience)
    {
        return new JwtVerifier(AuthConfig.jwt(secret, keys == null ? null : jwks(), issuer, audience, SKEW_S), CLOCK);
    }

    private static JWTClaimsSet expiringAt(final Instant exp)
    {
        return new JWTClaimsSet.Builder().subject("alice").expirationTime(Date.from(exp)).build();
    }

    private static void assertRejected(final String reason, final JwtVerifier.Result result)
    {
        assertFalse(result.isAccepted(), () -> "expected " + reason + ", accepted " + result);
        assertEquals(reason, result.rejection());
        assertNull(result.user());
    }

    // ---- HS256 ----

    @Test
    void shouldAcceptHs256TokenAndTakeSubAsUserWhenSignedWithTheSecret()
    {
        final JwtVerifier.Result result = SECRET_ONLY.verify(hs256(claims("alice").build()));

        assertTrue(result.isAccepted(), result::toString);
        assertEquals("alice", result.user());
        assertSame(RoomGrants.UNRESTRICTED, result.grants());
    }

    @Test
    void shouldReportHowLongTheTokenStaysValidIncludingTheClockSkew()
    {
        final JwtVerifier.Result result = SECRET_ONLY.verify(hs256(expiringAt(NOW.plusSeconds(90))));

        assertTrue(result.isAccepted(), result::toString);
        assertEquals((90 + SKEW_S) * 1000L, result.validForMs());
    }

    @Test
    void shouldRejectAsExpiredWhenExpIsInThePast()
    {
        assertRejected(JwtVerifier.EXPIRED, SECRET_ONLY.verify(hs256(expiringAt(TestTokens.FAR_PAST))));
    }

    @Test
    void shouldAcceptWhenExpPassedLessThanTheClockSkewAgo()
    {
        assertTrue(SECRET_ONLY.verify(hs256(expiringAt(NOW.minusSeconds(SKEW_S - 1)))).isAccepted());
        assertRejected(JwtVerifier.EXPIRED, SECRET_ONLY.verify(hs256(expiringAt(NOW.minusSeconds(SKEW_S)))));
    }

    @Test
    void shouldRejectAsNotYetValidWhenNbfIsInTheFuture()
    {
        final JWTClaimsSet claims = claims("alice").notBeforeTime(Date.from(NOW.plusSeconds(SKEW_S + 1))).build();

        assertRejected(JwtVerifier.NOT_YET_VALID, SECRET_ONLY.verify(hs256(claims)));
    }

    @Test
    void shouldAcceptWhenNbfIsWithinTheClockSkew()
    {
        final JWTClaimsSet claims = claims("alice").notBeforeTime(Date.from(NOW.plusSeconds(SKEW_S))).build();

        assertTrue(SECRET_ONLY.verify(hs256(claims)).isAccepted());
    }

    @Test
    void shouldRejectAsMissingExpWhenTokenHasNoExp()
    {
        final JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("alice").build();

        assertRejected(JwtVerifier.MISSING_EXP, SECRET_ONLY.verify(hs256(claims)));
    }

    @Test
    void shouldRejectAsBadSignatureWhenSignedWithAnotherSecret()
    {
        final byte[] forger = "another-secret-that-is-long-enough-for-hs256!!".getBytes(StandardCharsets.US_ASCII);

        assertRejected(JwtVerifier.BAD_SIGNATURE, SECRET_ONLY.verify(hs256(forger, claims("alice").build())));
    }

    @Test
    void shouldRejectAsBadSignatureWhenPayloadWasChangedAfterSigning()
    {
        final String[] parts = hs256(claims("alice").build()).split("\\.");
        final String forgedPayload = Base64URL.encode(claims("mallory").build().toString()).toString();

        assertRejected(JwtVerifier.BAD_SIGNATURE, SECRET_ONLY.verify(parts[0] + "." + forgedPayload + "." + parts[2]));
    }

    @Test
    void shouldRejectAsBadSignatureBeforeLookingAtClaimsWhenForgedTokenIsAlsoExpired()
    {
        final byte[] forger = "another-secret-that-is-long-enough-for-hs256!!".getBytes(StandardCharsets.US_ASCII);

        assertRejected(JwtVerifier.BAD_SIGNATURE, SECRET_ONLY.verify(hs256(forger, expiringAt(TestTokens.FAR_PAST))));
    }

    // ---- algorithm confusion and unsupported algorithms ----

    @Test
    void shouldRejectAsUnsupportedAlgorithmWhenHs256TokenMeetsOnlyRsaKeys() throws Exception
    {
        // The classic confusion attack: HMAC "signed" with the server's public RSA key as the secret.
        final byte[] publicKeyBytes = RSA.toRSAPublicKey().getEncoded();
        final String token = sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(RSA.getKeyID()).build(),
            new MACSigner(publicKeyBytes), claims("mallory").build());

        assertRejected(JwtVerifier.UNSUPPORTED_ALGORITHM, KEYS_ONLY.verify(token));
        assertRejected(JwtVerifier.BAD_SIGNATURE, SECRET_AND_KEYS.verify(token));
    }

    @Test
    void shouldRejectAsUnsupportedAlgorithmWhenRs256TokenMeetsOnlyASecret()
    {
        assertRejected(JwtVerifier.UNSUPPORTED_ALGORITHM, SECRET_ONLY.verify(rs256(claims("alice").build())));
    }

    @Test
    void shouldRejectAsUnsupportedAlgorithmWhenAlgIsNone()
    {
        final String unsecured = new PlainJWT(claims("mallory").build()).serialize();
        // alg none in the header, with a genuine signature of something else stuck on the end
        final String genuine = hs256(claims("alice").build());
        final String relabelled = Base64URL.encode("{\"alg\":\"none\"}") + "." + genuine.split("\\.")[1] + "." +
            genuine.split("\\.")[2];

        assertRejected(JwtVerifier.UNSUPPORTED_ALGORITHM, SECRET_AND_KEYS.verify(unsecured));
        assertRejected(JwtVerifier.UNSUPPORTED_ALGORITHM, SECRET_AND_KEYS.verify(relabelled));
    }

    @Test
    void shouldRejectAsUnsupportedAlgorithmWhenAlgIsOutsideHs256Rs256Es256() throws Exception
    {
        final byte[] longSecret = new byte[64];
        System.arraycopy(SECRET, 0, longSecret, 0, SECRET.length);
        final ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
        final String hs512 = sign(new JWSHeader(JWSAlgorithm.HS512), new MACSigner(longSecret), claims("alice").build());
        final String ps256 = sign(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID(RSA.getKeyID()).build(),
            new RSASSASigner(RSA), claims("alice").build());
        final String es384 = sign(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ec-1").build(),
            new ECDSASigner(p384), claims("alice").build());

        assertRejected(JwtVerifier.UNSUPPORTED_ALGORITHM, SECRET_AND_KEYS.verify(hs512));
        assertRejected(JwtVerifier.UNSUPPORTED_ALGORITHM, SECRET_AND_KEYS.verify(ps256));
        assertRejected(JwtVerifier.UNSUPPORTED_ALGORITHM, SECRET_AND_KEYS.verify(es384));
    }

    @Test
    void shouldRejectAsUnsupportedAlgorithmWhenTokenIsEncrypted()
    {
        final String jwe = Base64URL.encode("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}") + ".a.b.c.d";

        assertRejected(JwtVerifier.UNSUPPORTED_ALGORITHM, SECRET_AND_KEYS.verify(jwe));
    }

    // ---- RS256 / ES256 from the JWKS ----

    @Test
    void shouldAcceptRs256TokenWhenKidSelectsTheRsaKey()
    {
        final JwtVerifier.Result result = KEYS_ONLY.verify(rs256(claims("bob").build()));

        assertTrue(result.isAccepted(), result::toString);
        assertEquals("bob", result.user());
    }

    @Test
    void shouldAcceptEs256TokenWhenKidSelectsTheEcKeyFromJwks()
    {
        final JwtVerifier.Result result = KEYS_ONLY.verify(es256(EC, "ec-1", claims("carol").build()));

        assertTrue(result.isAccepted(), result::toString);
        assertEquals("carol", result.user());
    }

    @Test
    void shouldAcceptEs256TokenWhenItHasNoKidAndOneKeyVerifies()
    {
        assertTrue(KEYS_ONLY.verify(es256(EC, null, claims("carol").build())).isAccepted());
    }

    @Test
    void shouldRejectAsBadSignatureWhenEs256TokenIsSignedByAnotherKeyWithTheSameKid()
    {
        assertRejected(JwtVerifier.BAD_SIGNATURE, KEYS_ONLY.verify(es256(OTHER_EC, "ec-1", claims("carol").build())));
    }

    @Test
    void shouldRejectAsUnknownKeyWhenKidIsNotInTheJwks()
    {
        assertRejected(JwtVerifier.UNKNOWN_KEY, KEYS_ONLY.verify(es256(EC, "rotated-away", claims("carol").build())));
    }

    @Test
    void shouldRejectAsUnknownKeyWhenEs256KidNamesTheRsaKey()
    {
        assertRejected(JwtVerifier.UNKNOWN_KEY, KEYS_ONLY.verify(es256(EC, RSA.getKeyID(), claims("carol").build())));
    }

    // ---- claims ----

    @Test
    void shouldRejectAsMissingSubWhenTokenHasNoSub()
    {
        final JWTClaimsSet claims = new JWTClaimsSet.Builder().expirationTime(Date.from(TestTokens.FAR_FUTURE)).build();

        assertRejected(JwtVerifier.MISSING_SUB, SECRET_ONLY.verify(hs256(claims)));
    }

    @Test
    void shouldRejectAsInvalidSubWhenSubIsEmptyOrLongerThanAUserId()
    {
        assertRejected(JwtVerifier.INVALID_SUB, SECRET_ONLY.verify(hs256(claims("").build())));
        assertRejected(JwtVerifier.INVALID_SUB, SECRET_ONLY.verify(hs256(claims("u".repeat(129)).build())));
        assertTrue(SECRET_ONLY.verify(hs256(claims("u".repeat(128)).build())).isAccepted());
    }

    @Test
    void shouldCheckIssuerAndAudienceWhenConfigured()
    {
        final JwtVerifier strict = verifier(SECRET, null, "https://issuer.example", "ringway");
        final JWTClaimsSet good = claims("alice").issuer("https://issuer.example").audience(List.of("other", "ringway")).build();

        assertTrue(strict.verify(hs256(good)).isAccepted());
        assertRejected(JwtVerifier.WRONG_ISSUER, strict.verify(hs256(claims("alice").audience("ringway").build())));
        assertRejected(JwtVerifier.WRONG_ISSUER, strict.verify(hs256(
            claims("alice").issuer("https://evil.example").audience("ringway").build())));
        assertRejected(JwtVerifier.WRONG_AUDIENCE, strict.verify(hs256(claims("alice").issuer("https://issuer.example").build())));
        assertTrue(SECRET_ONLY.verify(hs256(claims("alice").issuer("anyone").audience("anything").build())).isAccepted(),
            "iss and aud are not checked when not configured");
    }

    @Test
    void shouldTurnRoomsClaimIntoGrantsWhenPresent()
    {
        final JwtVerifier.Result result = SECRET_ONLY.verify(hs256(
            TestTokens.claimsWithRooms("alice", List.of("lobby", "game-*"), List.of("lobby")).build()));

        assertTrue(result.isAccepted(), result::toString);
        assertFalse(result.grants().isUnrestricted());
        assertTrue(result.grants().allowsJoin(utf8("game-7"), 0, 6));
        assertFalse(result.grants().allowsPublish(utf8("game-7"), 0, 6));
    }

    @Test
    void shouldRejectAsInvalidRoomsClaimWhenClaimIsNotAnObjectOfStringArrays()
    {
        assertRejected(JwtVerifier.INVALID_ROOMS, SECRET_ONLY.verify(hs256(claims("alice").claim("rooms", "lobby").build())));
        assertRejected(JwtVerifier.INVALID_ROOMS, SECRET_ONLY.verify(hs256(
            TestTokens.claimsWithRooms("alice", List.of("ga*me"), List.of()).build())));
    }

    @Test
    void shouldRejectAsMalformedWhenSignedPayloadIsNotAClaimsObject() throws Exception
    {
        final JWSObject notClaims = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload("hello"));
        notClaims.sign(new MACSigner(SECRET));
        final String expAsText = hs256(new JWTClaimsSet.Builder().subject("alice").claim("exp", "tomorrow").build());

        assertRejected(JwtVerifier.MALFORMED, SECRET_ONLY.verify(notClaims.serialize()));
        assertRejected(JwtVerifier.MALFORMED, SECRET_ONLY.verify(expAsText));
    }

    // ---- not a token at all ----

    @ParameterizedTest
    @ValueSource(strings = {"", "alice", "a.b", "x.y.z", "....", "eyJhbGciOiJIUzI1NiJ9", "eyJhbGciOiJIUzI1NiJ9.e30",
        "e30.e30.e30", "bm90IGpzb24.e30.e30", "W10.e30.e30"})
    void shouldRejectAsMalformedWhenTokenIsNotACompactJws(final String token)
    {
        assertRejected(JwtVerifier.MALFORMED, SECRET_AND_KEYS.verify(token));
    }

    @Test
    void shouldRejectAsMalformedWhenTokenIsNullOrLongerThanTheTokenLimit()
    {
        assertRejected(JwtVerifier.MALFORMED, SECRET_ONLY.verify(null));
        assertRejected(JwtVerifier.MALFORMED, SECRET_ONLY.verify(hs256(claims("alice").claim("pad", "p".repeat(4096)).build())));
    }

    @Test
    void shouldRefuseToBuildWhenConfigIsDevMode()
    {
        assertThrows(IllegalArgumentException.class, () -> new JwtVerifier(AuthConfig.devMode(), CLOCK));
    }

    private static UnsafeBuffer utf8(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }
}
