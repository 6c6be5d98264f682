package io.ringway.codec.json;

import io.ringway.codec.link.LinkCommandEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JSON of member_added, member_removed and an ack that names a room. */
class GroupServerMessageWriterTest
{
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);

    private static UnsafeBuffer utf8(final String s)
    {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private String written(final int offset, final int length)
    {
        return out.getStringWithoutLengthUtf8(offset, length);
    }

    @Test
    void shouldWriteMemberAddedWithRoleAndWhoAddedWhenAMemberIsAdded()
    {
        final int length = ServerMessageWriter.memberChange(out, 3, true, utf8("team-a"), 0, 6, utf8("dave"), 0, 4,
            LinkCommandEncoder.ROLE_ADMIN, utf8("alice"), 0, 5, 1_700_000_000_000L);

        assertEquals("{\"type\":\"member_added\",\"room\":\"team-a\",\"user\":\"dave\",\"role\":\"admin\",\"by\":\"alice\",\"ts\":1700000000000}",
            written(3, length));
    }

    @Test
    void shouldWriteMemberRemovedAndEscapeNamesWhenAMemberIsRemoved()
    {
        final int length = ServerMessageWriter.memberChange(out, 0, false, utf8("g\"1"), 0, 3, utf8("bob"), 0, 3,
            LinkCommandEncoder.ROLE_MEMBER, utf8("bob"), 0, 3, 5);

        assertEquals("{\"type\":\"member_removed\",\"room\":\"g\\\"1\",\"user\":\"bob\",\"role\":\"member\",\"by\":\"bob\",\"ts\":5}",
            written(0, length));
    }

    @Test
    void shouldWriteOwnerRoleWhenTheEventIsAboutTheOwner()
    {
        final int length = ServerMessageWriter.memberChange(out, 0, true, utf8("g"), 0, 1, utf8("a"), 0, 1,
            LinkCommandEncoder.ROLE_OWNER, utf8("a"), 0, 1, 1);

        assertEquals("{\"type\":\"member_added\",\"room\":\"g\",\"user\":\"a\",\"role\":\"owner\",\"by\":\"a\",\"ts\":1}", written(0, length));
    }

    @Test
    void shouldWriteTheRoomInTheAckWithOrWithoutAnId()
    {
        int length = ServerMessageWriter.roomAck(out, 0, utf8("\"4\""), 0, 3, utf8("dm:5:alicebob"), 0, 13);
        assertEquals("{\"type\":\"ack\",\"id\":\"4\",\"room\":\"dm:5:alicebob\"}", written(0, length));
        length = ServerMessageWriter.roomAck(out, 0, null, 0, 0, utf8("dm:5:alicebob"), 0, 13);
        assertEquals("{\"type\":\"ack\",\"room\":\"dm:5:alicebob\"}", written(0, length));
    }
}
