package io.ringway.gateway.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.List;

import static io.ringway.gateway.auth.TestTokens.EC;
import static io.ringway.gateway.auth.TestTokens.RSA;
import static io.ringway.gateway.auth.TestTokens.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthConfigTest
{
    @TempDir
    Path dir;

    @Test
    void shouldBeDevModeWhenNothingIsConfigured()
    {
        final AuthConfig config = AuthConfig.load(null, null, null, null, null, AuthConfig.DEFAULT_CLOCK_SKEW_S);

        assertSame(AuthConfig.devMode(), config);
        assertTrue(config.isDevMode());
    }

    @Test
    void shouldReadSecretFileWithoutItsTrailingNewlineWhenLoading() throws Exception
    {
        final Path file = write("secret", new String(SECRET, StandardCharsets.US_ASCII) + "\r\n");

        final AuthConfig config = AuthConfig.load(file, null, null, null, null, 30);

        assertFalse(config.isDevMode());
        assertEquals(SECRET.length, config.hs256Secret().length);
        final String token = TestTokens.hs256(TestTokens.claims("alice").build());
        assertTrue(new JwtVerifier(config, Clock.systemUTC()).verify(token).isAccepted(), "the newline is not part of the secret");
    }

    @Test
    void shouldRejectSecretShorterThan256BitsWithAClearMessage() throws Exception
    {
        final Path file = write("short", "x".repeat(31) + "\n");

        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> AuthConfig.load(file, null, null, null, null, 30));
        assertTrue(error.getMessage().contains("31 bytes") && error.getMessage().contains("256 bits"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AuthConfig.load(null, "x".repeat(31), null, null, null, 30));
        assertFalse(AuthConfig.load(null, "x".repeat(32), null, null, null, 30).isDevMode());
    }

    @Test
    void shouldRejectSecretWhenGivenBothAsFileAndEnvironmentOrWhenEnvironmentIsEmpty() throws Exception
    {
        final Path file = write("secret", new String(SECRET, StandardCharsets.US_ASCII));

        assertThrows(IllegalArgumentException.class, () -> AuthConfig.load(file, "y".repeat(40), null, null, null, 30));
        assertThrows(IllegalArgumentException.class, () -> AuthConfig.load(null, "", null, null, null, 30));
    }

    @Test
    void shouldRejectIssuerOrAudienceWhenNoKeyIsConfigured()
    {
        assertThrows(IllegalArgumentException.class, () -> AuthConfig.load(null, null, null, "iss", null, 30));
        assertThrows(IllegalArgumentException.class, () -> AuthConfig.load(null, null, null, null, "aud", 30));
    }

    @Test
    void shouldRejectClockSkewOutsideItsRange()
    {
        assertThrows(IllegalArgumentException.class, () -> AuthConfig.jwt(SECRET, null, null, null, -1));
        assertThrows(IllegalArgumentException.class, () -> AuthConfig.jwt(SECRET, null, null, null, AuthConfig.MAX_CLOCK_SKEW_S + 1));
    }

    @Test
    void shouldKeepPublicPartsOfUsableKeysAndSayWhichKeysItIgnoredWhenLoadingJwks() throws Exception
    {
        final JWKSet set = new JWKSet(List.<JWK>of(
            RSA, // private key material: used for its public part, with a warning
            EC.toPublicJWK(),
            new ECKeyGenerator(Curve.P_384).keyID("p384").generate().toPublicJWK(),
            new RSAKeyGenerator(2048).keyID("enc").keyUse(KeyUse.ENCRYPTION).generate().toPublicJWK(),
            new RSAKeyGenerator(2048).keyID("ps").algorithm(JWSAlgorithm.PS256).generate().toPublicJWK(),
            new OctetSequenceKey.Builder(SECRET).keyID("hmac").build()));
        final Path file = write("jwks.json", set.toString(false));

        final AuthConfig config = AuthConfig.load(null, null, file, null, null, 30);

        assertEquals(1, config.rsaKeys().size());
        assertFalse(config.rsaKeys().get(0).isPrivate());
        assertEquals(1, config.ecKeys().size());
        final String notes = String.join("\n", config.notes());
        for (final String mentioned : List.of("kid rsa-1 holds private key material", "kid p384", "kid enc", "kid ps", "kid hmac"))
        {
            assertTrue(notes.contains(mentioned), () -> mentioned + " in " + notes);
        }
        assertTrue(config.describe().contains("RS256 (1 key: kid rsa-1)"), config.describe());
        assertTrue(config.describe().contains("ES256 (1 key: kid ec-1)"), config.describe());
    }

    @Test
    void shouldRejectJwksWhenItHasNoUsableKey() throws Exception
    {
        final Path file = write("jwks.json", new JWKSet(new OctetSequenceKey.Builder(SECRET).keyID("hmac").build()).toString(false));

        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> AuthConfig.load(null, null, file, null, null, 30));
        assertTrue(error.getMessage().contains("no usable signing key"), error.getMessage());
    }

    @Test
    void shouldRejectRsaKeyShorterThan2048Bits() throws Exception
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        final RSAKey weak = new RSAKey.Builder((RSAPublicKey)generator.generateKeyPair().getPublic()).keyID("weak").build();

        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> AuthConfig.jwt(null, new JWKSet(weak), null, null, 30));
        assertTrue(error.getMessage().contains("1024 bits"), error.getMessage());
    }

    @Test
    void shouldRejectJwksFileWhenItIsMissingOrNotAJwkSet() throws Exception
    {
        final Path notJson = write("bad.json", "{\"keys\": [ {\"kty\": \"RSA\"} ]}");

        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> AuthConfig.load(null, null, dir.resolve("missing.json"), null, null, 30)).getMessage().contains("cannot read"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> AuthConfig.load(null, null, notJson, null, null, 30)).getMessage().contains("not a valid JWK set"));
    }

    @Test
    void shouldNeverShowTheSecretWhenDescribed()
    {
        final AuthConfig config = AuthConfig.jwt(SECRET, null, "iss", "aud", 30);
        final String secret = new String(SECRET, StandardCharsets.US_ASCII);

        assertFalse(config.describe().contains(secret));
        assertFalse(config.toString().contains(secret));
        assertTrue(config.describe().startsWith("JWT HS256 (48-byte secret); iss iss; aud aud; exp required"), config.describe());
    }

    private Path write(final String name, final String content) throws Exception
    {
        final Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
