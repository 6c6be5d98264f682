package io.ringway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.Locale;

/**
 * The little of the NATS client protocol the load generator speaks (docs.nats.io, "Client
 * Protocol"): {@code CONNECT}, {@code SUB}, {@code PUB}, {@code PING}/{@code PONG}. A Ringway room
 * maps to the subject {@code room.<name>}; each connection has one subscription, sid {@link #SID}.
 * <p>
 * Checked against nats-server 2.9.10's WebSocket listener: any path and no subprotocol are
 * accepted; compression is off unless both the server's {@code compression: true} and the
 * client's {@code permessage-deflate} offer are present (we offer none); the server sends binary
 * messages, may put several protocol lines in one message ({@code MSG … PONG}) and accepts text or
 * binary messages from the client.
 */
public final class NatsProtocol
{
    /** The subscription id of a connection's only subscription. */
    public static final String SID = "1";

    static final byte[] CRLF = LoadMessages.ascii("\r\n");
    static final byte[] PING = LoadMessages.ascii("PING\r\n");
    static final byte[] PONG = LoadMessages.ascii("PONG\r\n");

    private NatsProtocol()
    {
    }

    /** The subject of a room. Room names are {@code [A-Za-z0-9._:-]+}: only empty tokens need refusing. */
    public static String subject(final String room)
    {
        LoadMessages.requireSafeName("room", room);
        if (room.startsWith(".") || room.endsWith(".") || room.contains(".."))
        {
            throw new IllegalArgumentException("room '" + room + "' would make an empty NATS subject token");
        }
        return "room." + room;
    }

    /**
     * {@code CONNECT} for {@code name}. verbose off (no {@code +OK} per command), echo on (rtt's
     * publisher is the room's only member and must receive its own messages, as on Ringway), no
     * headers (so deliveries are plain {@code MSG}), protocol 1 (the server may send INFO updates).
     */
    public static ByteBuf connect(final ByteBufAllocator alloc, final String name)
    {
        LoadMessages.requireSafeName("user", name);
        final byte[] line = LoadMessages.ascii("CONNECT {\"verbose\":false,\"pedantic\":false,\"echo\":true,\"tls_required\":false," +
            "\"lang\":\"java\",\"version\":\"ringway-bench\",\"protocol\":1,\"headers\":false,\"no_responders\":false," +
            "\"name\":\"" + name + "\"}\r\n");
        return alloc.buffer(line.length).writeBytes(line);
    }

    public static ByteBuf pong(final ByteBufAllocator alloc)
    {
        return alloc.buffer(PONG.length).writeBytes(PONG);
    }

    /**
     * A short error code from {@code -ERR}'s text, in the style of Ringway's codes:
     * {@code 'Slow Consumer'} becomes {@code slow_consumer}. Subjects in the text are dropped
     * ({@code Permissions Violation for Publish to "x"} becomes {@code permissions_violation}).
     */
    public static String errorCode(final String text)
    {
        String t = text.trim();
        if (t.length() >= 2 && t.charAt(0) == '\'' && t.charAt(t.length() - 1) == '\'')
        {
            t = t.substring(1, t.length() - 1);
        }
        final int forAt = t.toLowerCase(Locale.ROOT).indexOf(" for ");
        if (forAt > 0)
        {
            t = t.substring(0, forAt);
        }
        final String code = t.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (code.isEmpty())
        {
            return "unknown";
        }
        return code.length() > 64 ? code.substring(0, 64) : code;
    }
}
