package io.ringway.codec.link;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkControlTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);

    @Test
    void shouldEncodeHelloAsTheProtocolVector()
    {
        final int length = LinkControl.hello(buffer, 0, 2);
        assertEquals("10 00 00 00 01 30 02 00 00 00 00 00 00 00 00 00", hex(length));
    }

    @Test
    void shouldCarryTheSecretWhenAHelloHasOne()
    {
        final int length = LinkControl.hello(buffer, 0, 2, "s3cr3t".getBytes(StandardCharsets.UTF_8));
        assertEquals("18 00 00 00 01 30 02 00 00 00 00 00 00 00 00 00 06 00 73 33 63 72 33 74", hex(length));
        assertEquals("s3cr3t", new String(LinkControl.helloSecret(buffer, 0, length), StandardCharsets.UTF_8));
        assertEquals(0, LinkControl.helloSecret(buffer, 0, LinkControl.HELLO_LENGTH).length, "a plain HELLO carries none");
        assertEquals(LinkControl.HELLO_LENGTH, LinkControl.hello(buffer, 0, 2, new byte[0]));
    }

    @Test
    void shouldRejectAHelloWhoseSecretLengthDisagreesWithItsFrame()
    {
        final int length = LinkControl.hello(buffer, 0, 2, new byte[] {1, 2, 3});
        assertThrows(IllegalArgumentException.class, () -> LinkControl.helloSecret(buffer, 0, length + 1));
        assertThrows(IllegalArgumentException.class, () -> LinkControl.helloSecret(buffer, 0, LinkControl.HELLO_LENGTH + 1));
        assertThrows(IllegalArgumentException.class, () -> LinkControl.hello(buffer, 0, 2, new byte[LinkControl.MAX_SECRET_BYTES + 1]));
    }

    @Test
    void shouldEncodeHeartbeatAsTheProtocolVector()
    {
        final int length = LinkControl.heartbeat(buffer, 0, 2);
        assertEquals("10 00 00 00 01 31 02 00 00 00 00 00 00 00 00 00", hex(length));
    }

    @Test
    void shouldEncodeWelcomeAsTheProtocolVector()
    {
        final int length = LinkControl.welcome(buffer, 0, 2);
        assertEquals("10 00 00 00 01 70 02 00 00 00 00 00 00 00 00 00", hex(length));
    }

    @Test
    void shouldEncodeRefusedWithItsReasonAsTheProtocolVector()
    {
        final int length = LinkControl.refused(buffer, 0, 1, "in use");
        assertEquals("18 00 00 00 01 71 01 00 00 00 00 00 00 00 00 00 06 00 69 6e 20 75 73 65", hex(length));
        assertEquals(length, LinkHeader.frameLength(buffer, 0));
        assertEquals("in use", LinkControl.reason(buffer, 0, length));
    }

    @Test
    void shouldCutALongReasonToTheLimitWhenItExceedsIt()
    {
        final String reason = "é".repeat(LinkControl.MAX_REASON_BYTES); // 2 bytes each
        final int length = LinkControl.refused(new UnsafeBuffer(new byte[2048]), 0, 1, reason);
        assertEquals(LinkHeader.LENGTH + 2 + LinkControl.MAX_REASON_BYTES, length);
    }

    @Test
    void shouldNotSplitAFourByteCharacterWhenTheLimitFallsInsideIt()
    {
        final String reason = "a" + "\uD83D\uDE00".repeat(LinkControl.MAX_REASON_BYTES / 4); // 1 + 4 bytes each: the limit cuts one
        final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);
        final int length = LinkControl.refused(out, 0, 1, reason);
        final String decoded = LinkControl.reason(out, 0, length);
        assertEquals(reason.substring(0, 1 + 2 * (LinkControl.MAX_REASON_BYTES / 4 - 1)), decoded);
    }

    @Test
    void shouldRejectAReasonThatOverrunsItsFrameWhenDecoding()
    {
        final int length = LinkControl.refused(buffer, 0, 1, "in use");
        assertThrows(IllegalArgumentException.class, () -> LinkControl.reason(buffer, 0, length - 1));
        assertThrows(IllegalArgumentException.class, () -> LinkControl.reason(buffer, 0, LinkHeader.LENGTH + 1));
    }

    @Test
    void shouldNeitherBeCommandsNorEventsWhenLinkControl()
    {
        for (final int type : new int[] {LinkType.LINK_HELLO, LinkType.LINK_HEARTBEAT, LinkType.LINK_WELCOME, LinkType.LINK_REFUSED})
        {
            assertTrue(LinkType.isLinkControl(type), LinkType.name(type));
            assertFalse(LinkType.isCommand(type), LinkType.name(type));
            assertFalse(LinkType.isEvent(type), LinkType.name(type));
        }
        assertFalse(LinkType.isLinkControl(LinkType.GATEWAY_RESET));
        assertFalse(LinkType.isLinkControl(LinkType.ACK));
    }

    private String hex(final int length)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            out.append(i == 0 ? "" : " ").append(String.format("%02x", buffer.getByte(i) & 0xFF));
        }
        return out.toString();
    }
}
