package io.ringway.bench.jmh;

import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.link.EngineLink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The pipeline benchmarks' scene: ten sessions of one gateway, each a user joined to {@code lobby},
 * and the PUBLISH of session 1 into it that the benchmarks offer over and over.
 */
final class TenMemberRoom
{
    static final int MEMBERS = 10;

    private TenMemberRoom()
    {
    }

    /** Resets the gateway, then opens and joins the ten sessions, each command offered until the link takes it. */
    static void open(final EngineLink link)
    {
        final int gatewayId = link.gatewayId();
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[256]);
        final UnsafeBuffer room = ascii("lobby");
        offerBlocking(link, scratch, LinkCommandEncoder.encodeEmpty(scratch, 0, LinkType.GATEWAY_RESET, gatewayId, 0));
        for (int session = 1; session <= MEMBERS; session++)
        {
            final UnsafeBuffer user = ascii("user" + session);
            offerBlocking(link, scratch, LinkCommandEncoder.encode(scratch, 0, LinkType.SESSION_OPEN, gatewayId, session,
                null, 0, 0, user, 0, user.capacity(), null, 0, 0));
            offerBlocking(link, scratch, LinkCommandEncoder.encode(scratch, 0, LinkType.JOIN, gatewayId, session,
                null, 0, 0, room, 0, room.capacity(), null, 0, 0));
        }
    }

    /** Session 1's publish of {@link CodecBenchmark#DATA} into the room, written at 0 of {@code buffer}; its length. */
    static int publish(final UnsafeBuffer buffer, final int gatewayId)
    {
        final UnsafeBuffer room = ascii("lobby");
        final UnsafeBuffer data = ascii(CodecBenchmark.DATA);
        final UnsafeBuffer corrId = ascii("\"1\"");
        return LinkCommandEncoder.encode(buffer, 0, LinkType.PUBLISH, gatewayId, 1,
            corrId, 0, corrId.capacity(), room, 0, room.capacity(), data, 0, data.capacity());
    }

    static boolean isRoomMessage(final DirectBuffer buffer, final int offset)
    {
        return LinkHeader.type(buffer, offset) == LinkType.ROOM_MESSAGE;
    }

    private static void offerBlocking(final EngineLink link, final UnsafeBuffer buffer, final int length)
    {
        while (!link.offer(buffer, 0, length))
        {
            Thread.onSpinWait();
        }
    }

    private static UnsafeBuffer ascii(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }
}
