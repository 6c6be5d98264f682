package io.ringway.gateway.link;

import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.ringway.codec.link.LinkHeader;

import java.nio.ByteOrder;

/**
 * Cuts the TCP link's byte stream into link messages. Every message starts with its own header,
 * whose first field is the message's length, header included (i32 little-endian), so the link
 * needs no framing of its own: the bytes on the wire are the bytes on the in-process ring.
 */
final class LinkFrameDecoder extends LengthFieldBasedFrameDecoder
{
    /** Larger than any message a link writer takes (its ring's largest message), so a frame over it is a broken peer. */
    static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;

    LinkFrameDecoder()
    {
        // length field at 0, 4 bytes, counts itself (-4), nothing stripped: each frame is a whole link message
        super(ByteOrder.LITTLE_ENDIAN, MAX_FRAME_BYTES, LinkHeader.FRAME_LENGTH_OFFSET, 4, -4, 0, true);
    }
}
