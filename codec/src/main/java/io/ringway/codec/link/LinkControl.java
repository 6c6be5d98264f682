package io.ringway.codec.link;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The network link's own messages: the handshake, written before any command or event, and the
 * heartbeat either side writes every 2 s. A gateway opens the TCP link
 * with HELLO, its gateway id in the header; the engine answers WELCOME and from then on the link
 * carries commands one way and events the other, each message framed by its own header's length.
 * Or the engine answers REFUSED with a reason and closes the link.
 *
 * <pre>
 *   HELLO / HEARTBEAT / WELCOME       REFUSED (16 + 2 + n bytes)        HELLO with a secret
 *   (16 bytes)                                                          (16 + 2 + n bytes)
 *  +--------------------------+      +--------------------------+     +--------------------------+
 *  | header (16)              |      | header (16)              |     | header (16)              |
 *  +--------------------------+      +------------+-------------+     +------------+-------------+
 *                                    | len u16 LE | reason UTF-8 |     | len u16 LE | secret      |
 *                                    +------------+-------------+     +------------+-------------+
 * </pre>
 * Off the hot path: once per link, so the reason is a String.
 */
public final class LinkControl
{
    public static final int HELLO_LENGTH = LinkHeader.LENGTH;
    public static final int WELCOME_LENGTH = LinkHeader.LENGTH;
    public static final int HEARTBEAT_LENGTH = LinkHeader.LENGTH;
    private static final int REASON_OFFSET = LinkHeader.LENGTH;
    /** The longest shared secret a HELLO carries. */
    public static final int MAX_SECRET_BYTES = 1024;
    /** Reasons longer than this are cut (at a character boundary). */
    public static final int MAX_REASON_BYTES = 512;

    private LinkControl()
    {
    }

    public static int hello(final MutableDirectBuffer buffer, final int offset, final int gatewayId)
    {
        LinkHeader.write(buffer, offset, HELLO_LENGTH, LinkType.LINK_HELLO, gatewayId, 0L);
        return HELLO_LENGTH;
    }

    /** A HELLO with the link's shared secret after the header (u16 length + bytes), for an engine that requires one. */
    public static int hello(final MutableDirectBuffer buffer, final int offset, final int gatewayId, final byte[] secret)
    {
        if (secret.length == 0)
        {
            return hello(buffer, offset, gatewayId);
        }
        if (secret.length > MAX_SECRET_BYTES)
        {
            throw new IllegalArgumentException("a link secret is at most " + MAX_SECRET_BYTES + " bytes, not " + secret.length);
        }
        buffer.putShort(offset + HELLO_LENGTH, (short)secret.length, LITTLE_ENDIAN);
        buffer.putBytes(offset + HELLO_LENGTH + 2, secret);
        final int length = HELLO_LENGTH + 2 + secret.length;
        LinkHeader.write(buffer, offset, length, LinkType.LINK_HELLO, gatewayId, 0L);
        return length;
    }

    /**
     * The secret a HELLO of {@code frameLength} bytes carries: empty for a plain 16-byte HELLO.
     * @throws IllegalArgumentException when the frame is not a HELLO's length for the secret length it declares
     */
    public static byte[] helloSecret(final DirectBuffer buffer, final int offset, final int frameLength)
    {
        if (frameLength == HELLO_LENGTH)
        {
            return new byte[0];
        }
        if (frameLength < HELLO_LENGTH + 2)
        {
            throw new IllegalArgumentException("a HELLO of " + frameLength + " bytes has no secret length");
        }
        final int length = buffer.getShort(offset + HELLO_LENGTH, LITTLE_ENDIAN) & 0xFFFF;
        if (HELLO_LENGTH + 2 + length != frameLength || length > MAX_SECRET_BYTES)
        {
            throw new IllegalArgumentException("a HELLO of " + frameLength + " bytes declares a " + length + "-byte secret");
        }
        final byte[] secret = new byte[length];
        buffer.getBytes(offset + HELLO_LENGTH + 2, secret);
        return secret;
    }

    public static int heartbeat(final MutableDirectBuffer buffer, final int offset, final int gatewayId)
    {
        LinkHeader.write(buffer, offset, HEARTBEAT_LENGTH, LinkType.LINK_HEARTBEAT, gatewayId, 0L);
        return HEARTBEAT_LENGTH;
    }

    public static int welcome(final MutableDirectBuffer buffer, final int offset, final int gatewayId)
    {
        LinkHeader.write(buffer, offset, WELCOME_LENGTH, LinkType.LINK_WELCOME, gatewayId, 0L);
        return WELCOME_LENGTH;
    }

    public static int refused(final MutableDirectBuffer buffer, final int offset, final int gatewayId, final String reason)
    {
        final byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        int kept = Math.min(bytes.length, MAX_REASON_BYTES);
        while (kept < bytes.length && kept > 0 && (bytes[kept] & 0xC0) == 0x80)
        {
            kept--; // the cut would fall inside a character's bytes: cut before that character instead
        }
        buffer.putShort(offset + REASON_OFFSET, (short)kept, LITTLE_ENDIAN);
        buffer.putBytes(offset + REASON_OFFSET + 2, bytes, 0, kept);
        final int length = REASON_OFFSET + 2 + kept;
        LinkHeader.write(buffer, offset, length, LinkType.LINK_REFUSED, gatewayId, 0L);
        return length;
    }

    /**
     * A REFUSED frame's reason.
     * @throws IllegalArgumentException when the frame is too short for the length it declares
     */
    public static String reason(final DirectBuffer buffer, final int offset, final int frameLength)
    {
        if (frameLength < REASON_OFFSET + 2)
        {
            throw new IllegalArgumentException("REFUSED frame of " + frameLength + " bytes has no reason length");
        }
        final int length = buffer.getShort(offset + REASON_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        if (REASON_OFFSET + 2 + length > frameLength)
        {
            throw new IllegalArgumentException("REFUSED reason of " + length + " bytes overruns its " + frameLength + "-byte frame");
        }
        return buffer.getStringWithoutLengthUtf8(offset + REASON_OFFSET + 2, length);
    }
}
