package io.ringway.gateway.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.ringway.gateway.auth.AuthConfig;
import io.ringway.gateway.auth.RoomGrants;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ringway token}: mints an HS256 token with the server's secret, for trying a server out and
 * for tests. Real deployments mint tokens in their own login service; this only saves writing one
 * to get started.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Print an HS256 JWT signed with the server's secret (for development and tests).")
final class TokenCommand implements Callable<Integer>
{
    @Option(names = "--jwt-hs256-secret-file", paramLabel = "FILE",
        description = "The secret the server uses (or set " + AuthConfig.SECRET_ENV + ").")
    Path secretFile;

    @Option(names = "--sub", required = true, description = "User id (the sub claim).")
    String sub;

    @Option(names = "--ttl-s", defaultValue = "3600", description = "Seconds until exp (default: ${DEFAULT-VALUE}).")
    long ttlS;

    @Option(names = "--join", split = ",", paramLabel = "ROOM",
        description = "Rooms the token may join (name, or prefix*); with --join or --publish the token carries a rooms claim.")
    List<String> join;

    @Option(names = "--publish", split = ",", paramLabel = "ROOM", description = "Rooms the token may publish to (name, or prefix*).")
    List<String> publish;

    @Option(names = "--iss", description = "Issuer claim.")
    String issuer;

    @Option(names = "--aud", description = "Audience claim.")
    String audience;

    @Override
    public Integer call()
    {
        final String fromEnv = System.getenv(AuthConfig.SECRET_ENV);
        if (secretFile == null && fromEnv == null)
        {
            System.err.println("ringway token: give --jwt-hs256-secret-file FILE or set " + AuthConfig.SECRET_ENV);
            return 2;
        }
        final byte[] secret = secretFile != null ? AuthConfig.readSecret(secretFile) : fromEnv.getBytes(StandardCharsets.UTF_8);
        try
        {
            if (secret.length < AuthConfig.MIN_HS256_SECRET_BYTES)
            {
                System.err.println("ringway token: the secret is " + secret.length + " bytes; the server requires at least " +
                    AuthConfig.MIN_HS256_SECRET_BYTES);
                return 2;
            }
            final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(sub)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(ttlS)))
                .issuer(issuer)
                .audience(audience);
            if (join != null || publish != null)
            {
                final Map<String, Object> rooms = new LinkedHashMap<>();
                rooms.put("join", join == null ? List.of() : join);
                rooms.put("publish", publish == null ? List.of() : publish);
                RoomGrants.fromClaim(rooms); // the server would refuse a token with a bad pattern: refuse to mint it
                claims.claim(RoomGrants.CLAIM, rooms);
            }
            final SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims.build());
            jwt.sign(new MACSigner(secret));
            System.out.println(jwt.serialize());
            return 0;
        }
        catch (final IllegalArgumentException | JOSEException ex)
        {
            System.err.println("ringway token: " + ex.getMessage());
            return 2;
        }
        finally
        {
            Arrays.fill(secret, (byte)0);
        }
    }
}
