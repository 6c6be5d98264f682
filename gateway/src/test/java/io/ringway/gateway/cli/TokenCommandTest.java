package io.ringway.gateway.cli;

import io.ringway.gateway.auth.AuthConfig;
import io.ringway.gateway.auth.JwtVerifier;
import io.ringway.gateway.auth.TestTokens;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPrintATokenTheServerAcceptsWhenGivenTheServerSecretFile() throws Exception
    {
        final Path secret = Files.write(dir.resolve("secret"), TestTokens.SECRET);

        final String token = run("--jwt-hs256-secret-file", secret.toString(), "--sub", "alice",
            "--join", "lobby,game-*", "--publish", "lobby");

        final JwtVerifier verifier = new JwtVerifier(AuthConfig.load(secret, null, null, null, null, 30), Clock.systemUTC());
        final JwtVerifier.Result result = verifier.verify(token);
        assertTrue(result.isAccepted(), result::toString);
        assertEquals("alice", result.user());
        assertTrue(result.grants().allowsJoin(new UnsafeBuffer("game-1".getBytes(StandardCharsets.UTF_8)), 0, 6));
        assertFalse(result.grants().allowsPublish(new UnsafeBuffer("game-1".getBytes(StandardCharsets.UTF_8)), 0, 6));
    }

    @Test
    void shouldPrintAnExpiredTokenWhenTtlIsNegative() throws Exception
    {
        final Path secret = Files.write(dir.resolve("secret"), TestTokens.SECRET);

        final String token = run("--jwt-hs256-secret-file", secret.toString(), "--sub", "alice", "--ttl-s", "-3600");

        final JwtVerifier verifier = new JwtVerifier(AuthConfig.load(secret, null, null, null, null, 30), Clock.systemUTC());
        assertEquals(JwtVerifier.EXPIRED, verifier.verify(token).rejection());
    }

    private static String run(final String... args)
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(0, new CommandLine(new TokenCommand()).execute(args));
        }
        finally
        {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8).trim();
    }
}
