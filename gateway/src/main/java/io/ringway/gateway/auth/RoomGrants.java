package io.ringway.gateway.auth;

import io.ringway.codec.json.ClientCommandParser;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Which rooms a connection may join and publish to, from the optional {@code rooms} claim of its
 * token: {@code "rooms": {"join": ["lobby", "game-*"], "publish": ["lobby"]}}. A pattern is a room
 * name, or a prefix followed by one {@code *} at the very end ({@code "*"} alone matches every room).
 *
 * <p>Without the claim (and always in dev mode) a connection is {@link #UNRESTRICTED}. With the
 * claim, an action whose list is absent is denied: an issuer that writes a {@code rooms} claim
 * states everything the token allows, so forgetting a list fails closed.
 *
 * <p>The patterns are parsed once, at authentication, into UTF-8 byte arrays: checking a command
 * compares bytes in the parser's field buffer and allocates nothing. Immutable, so the event loop
 * that owns the session can read it without synchronisation.
 */
public final class RoomGrants
{
    /** No {@code rooms} claim: every room may be joined and published to. */
    public static final RoomGrants UNRESTRICTED = new RoomGrants(null, null);

    /** The claim's name in the token. */
    public static final String CLAIM = "rooms";

    /** Bounds the work of one check; a token is at most 4 KiB anyway. */
    static final int MAX_PATTERNS = 256;

    private static final byte WILDCARD = '*';

    private final Patterns join;
    private final Patterns publish;

    private RoomGrants(final Patterns join, final Patterns publish)
    {
        this.join = join;
        this.publish = publish;
    }

    /**
     * Parses the claim's value as nimbus hands it over (a JSON object as a {@link Map}, arrays as
     * {@link List}s).
     *
     * @param claim the {@code rooms} claim, or null when the token has none
     * @throws IllegalArgumentException when the claim is not an object of string arrays of valid patterns
     */
    public static RoomGrants fromClaim(final Object claim)
    {
        if (claim == null)
        {
            return UNRESTRICTED;
        }
        if (!(claim instanceof Map<?, ?> map))
        {
            throw new IllegalArgumentException("rooms must be an object");
        }
        return new RoomGrants(Patterns.parse(map.get("join"), "join"), Patterns.parse(map.get("publish"), "publish"));
    }

    public boolean isUnrestricted()
    {
        return join == null && publish == null;
    }

    /** May the connection join the room whose UTF-8 name is {@code room[offset, offset + length)}? */
    public boolean allowsJoin(final DirectBuffer room, final int offset, final int length)
    {
        return join == null || join.matches(room, offset, length);
    }

    /** May the connection publish to the room whose UTF-8 name is {@code room[offset, offset + length)}? */
    public boolean allowsPublish(final DirectBuffer room, final int offset, final int length)
    {
        return publish == null || publish.matches(room, offset, length);
    }

    @Override
    public String toString()
    {
        return isUnrestricted() ? "rooms: unrestricted" : "rooms: join " + join + ", publish " + publish;
    }

    /** One action's allowed rooms: exact names and prefixes (a pattern that ended in {@code *}). */
    private static final class Patterns
    {
        private static final Patterns NONE = new Patterns(new byte[0][], new boolean[0]);

        private final byte[][] bytes;
        private final boolean[] isPrefix;

        private Patterns(final byte[][] bytes, final boolean[] isPrefix)
        {
            this.bytes = bytes;
            this.isPrefix = isPrefix;
        }

        static Patterns parse(final Object list, final String action)
        {
            if (list == null)
            {
                return NONE;
            }
            if (!(list instanceof List<?> patterns))
            {
                throw new IllegalArgumentException("rooms." + action + " must be an array of strings");
            }
            if (patterns.size() > MAX_PATTERNS)
            {
                throw new IllegalArgumentException("rooms." + action + " has more than " + MAX_PATTERNS + " patterns");
            }
            final byte[][] bytes = new byte[patterns.size()][];
            final boolean[] isPrefix = new boolean[patterns.size()];
            for (int i = 0; i < bytes.length; i++)
            {
                if (!(patterns.get(i) instanceof String pattern))
                {
                    throw new IllegalArgumentException("rooms." + action + " must be an array of strings");
                }
                final byte[] utf8 = pattern.getBytes(StandardCharsets.UTF_8);
                final int wildcard = indexOf(utf8, WILDCARD);
                if (utf8.length == 0 || utf8.length > ClientCommandParser.MAX_NAME_LENGTH)
                {
                    throw new IllegalArgumentException("rooms." + action + " pattern must be 1 to " +
                        ClientCommandParser.MAX_NAME_LENGTH + " bytes");
                }
                if (wildcard >= 0 && wildcard != utf8.length - 1)
                {
                    throw new IllegalArgumentException("rooms." + action + " pattern " + pattern +
                        ": * is only allowed at the end");
                }
                isPrefix[i] = wildcard >= 0;
                bytes[i] = isPrefix[i] ? Arrays.copyOf(utf8, utf8.length - 1) : utf8;
            }
            return new Patterns(bytes, isPrefix);
        }

        boolean matches(final DirectBuffer room, final int offset, final int length)
        {
            for (int i = 0; i < bytes.length; i++)
            {
                final byte[] pattern = bytes[i];
                if ((isPrefix[i] ? length >= pattern.length : length == pattern.length) &&
                    startsWith(room, offset, pattern))
                {
                    return true;
                }
            }
            return false;
        }

        private static boolean startsWith(final DirectBuffer room, final int offset, final byte[] prefix)
        {
            for (int i = 0; i < prefix.length; i++)
            {
                if (room.getByte(offset + i) != prefix[i])
                {
                    return false;
                }
            }
            return true;
        }

        private static int indexOf(final byte[] bytes, final byte b)
        {
            for (int i = 0; i < bytes.length; i++)
            {
                if (bytes[i] == b)
                {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public String toString()
        {
            final StringBuilder text = new StringBuilder("[");
            for (int i = 0; i < bytes.length; i++)
            {
                text.append(i == 0 ? "" : ", ").append(new String(bytes[i], StandardCharsets.UTF_8)).append(isPrefix[i] ? "*" : "");
            }
            return text.append(']').toString();
        }
    }
}
