package io.ringway.codec;

import io.ringway.codec.frame.ClientFrameFlyweight;
import io.ringway.codec.frame.FrameType;
import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkEventDecoder;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md's test vectors of the group link commands and events, worked out by hand from the layouts
 * in {@link LinkCommandEncoder} and {@link LinkEventEncoder}. Each is encoded at a non-zero offset and decoded back.
 */
class GroupProtocolHexVectorsTest
{
    /**
     * CREATE_GROUP gateway 1, session 42, corrId {@code "1"}, room {@code team-a}, title {@code Team A}, members bob, carol: 50 bytes.
     * <pre>
     * 32000000 01 0a 0100 2a00000000000000   header: length 50, version 1, CREATE_GROUP, gateway 1, session 42
     * 03 223122                              corrId "1"
     * 0600 7465616d2d61                      room team-a
     * 0600 5465616d2041                      title "Team A"
     * 0200                                   member count 2 (u16 LE)
     * 0300 626f62 0500 6361726f6c            bob, carol
     * </pre>
     */
    static final String LINK_CREATE_GROUP =
        "32000000010a01002a000000000000000322312206007465616d2d6106005465616d204102000300626f6205006361726f6c";

    /** ADD_MEMBER gateway 1, session 42, corrId {@code "2"}, room team-a, user dave, role 1 (admin): 35 bytes. */
    static final String LINK_ADD_MEMBER = "23000000010b01002a000000000000000322322206007465616d2d6104006461766501";

    /** REMOVE_MEMBER gateway 1, session 42, corrId {@code "3"}, room team-a, user bob: 33 bytes. */
    static final String LINK_REMOVE_MEMBER = "21000000010c01002a000000000000000322332206007465616d2d610300626f62";

    /** OPEN_PRIVATE gateway 1, session 42, corrId {@code "4"}, the other user bob: 25 bytes. */
    static final String LINK_OPEN_PRIVATE = "19000000010d01002a00000000000000032234220300626f62";

    /**
     * MEMBER_ADDED gateway 1, ts 1700000000000, recipients [42, 43], role 0 (member), room team-a, user dave, by alice: 69 bytes.
     * <pre>
     * 45000000 01 48 0100 0000000000000000   header: length 69, MEMBER_ADDED, gateway 1, session 0
     * 0068e5cf8b010000                       ts
     * 02000000 00 000000                     recipient count 2, role 0, reserved
     * 2a00000000000000 2b00000000000000      recipients 42, 43
     * 0600 7465616d2d61 0400 64617665 0500 616c696365   room team-a, user dave, by alice
     * </pre>
     */
    static final String LINK_MEMBER_ADDED = "450000000148010000000000000000000068e5cf8b01000002000000000000002a00000000000000" +
        "2b0000000000000006007465616d2d610400646176650500616c696365";

    /** ROOM_ACK gateway 1, session 42, corrId {@code "4"}, room {@code dm:5:alicebob}: 35 bytes. */
    static final String LINK_ROOM_ACK = "23000000014a01002a00000000000000032234220d00646d3a353a616c696365626f62";

    /** Client PRIVATE frame with payload {@code {"user":"bob","id":"4"}}: 30 bytes (frame length u32 BE, version 1, type 0x0d, flags 0x01 JSON). */
    static final String CLIENT_PRIVATE = "0000001e010d017b2275736572223a22626f62222c226964223a2234227d";

    private static final int OFFSET = 7;

    private static UnsafeBuffer utf8(final String s)
    {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static UnsafeBuffer vector(final String hex)
    {
        return new UnsafeBuffer(HexFormat.of().parseHex(hex));
    }

    @Test
    void shouldMatchVectorAndDecodeBackWhenCreateGroupIsEncoded()
    {
        final UnsafeBuffer members = new UnsafeBuffer(new byte[32]);
        int membersLength = LinkCommandEncoder.putMember(members, 0, utf8("bob"), 0, 3);
        membersLength = LinkCommandEncoder.putMember(members, membersLength, utf8("carol"), 0, 5);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[128]);
        final int length = LinkCommandEncoder.encodeCreateGroup(out, OFFSET, 1, 42, utf8("\"1\""), 0, 3, utf8("team-a"), 0, 6,
            utf8("Team A"), 0, 6, members, 0, membersLength, 2);

        assertEquals(LINK_CREATE_GROUP, hex(out, OFFSET, length));
        assertEquals(LinkCommandEncoder.createGroupLength(3, 6, 6, membersLength), length);
        final LinkCommandDecoder decoder = new LinkCommandDecoder();
        final UnsafeBuffer vector = vector(LINK_CREATE_GROUP);
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.CREATE_GROUP, decoder.type());
        assertEquals("\"1\"", decoder.corrId());
        assertEquals("team-a", decoder.name());
        assertEquals("Team A", decoder.title());
        assertEquals(2, decoder.memberCount());
        final int carol = decoder.nextMember(decoder.membersOffset());
        assertEquals("bob", vector.getStringWithoutLengthUtf8(decoder.membersOffset() + 2, decoder.memberLength(decoder.membersOffset())));
        assertEquals("carol", vector.getStringWithoutLengthUtf8(carol + 2, decoder.memberLength(carol)));
        assertEquals(membersLength, decoder.membersLength());
    }

    @Test
    void shouldMatchVectorsAndDecodeBackWhenAddAndRemoveMemberAreEncoded()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[128]);
        int length = LinkCommandEncoder.encodeMemberChange(out, OFFSET, LinkType.ADD_MEMBER, 1, 42, utf8("\"2\""), 0, 3,
            utf8("team-a"), 0, 6, utf8("dave"), 0, 4, LinkCommandEncoder.ROLE_ADMIN);
        assertEquals(LINK_ADD_MEMBER, hex(out, OFFSET, length));
        length = LinkCommandEncoder.encodeMemberChange(out, OFFSET, LinkType.REMOVE_MEMBER, 1, 42, utf8("\"3\""), 0, 3,
            utf8("team-a"), 0, 6, utf8("bob"), 0, 3, 0);
        assertEquals(LINK_REMOVE_MEMBER, hex(out, OFFSET, length));

        final LinkCommandDecoder decoder = new LinkCommandDecoder();
        UnsafeBuffer vector = vector(LINK_ADD_MEMBER);
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.ADD_MEMBER, decoder.type());
        assertEquals("team-a", decoder.name());
        assertEquals("dave", decoder.user());
        assertEquals(LinkCommandEncoder.ROLE_ADMIN, decoder.role());
        vector = vector(LINK_REMOVE_MEMBER);
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.REMOVE_MEMBER, decoder.type());
        assertEquals("\"3\"", decoder.corrId());
        assertEquals("bob", decoder.user());
        assertEquals(0, decoder.role());
    }

    @Test
    void shouldMatchVectorWhenOpenPrivateIsEncodedWithTheGenericEncoder()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        final int length = LinkCommandEncoder.encode(out, OFFSET, LinkType.OPEN_PRIVATE, 1, 42, utf8("\"4\""), 0, 3, utf8("bob"), 0, 3, null, 0, 0);

        assertEquals(LINK_OPEN_PRIVATE, hex(out, OFFSET, length));
        final LinkCommandDecoder decoder = new LinkCommandDecoder();
        final UnsafeBuffer vector = vector(LINK_OPEN_PRIVATE);
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals("bob", decoder.name());
    }

    @Test
    void shouldMatchVectorAndDecodeBackWhenMemberAddedIsEncodedAndMemberRemovedDiffersOnlyInType()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[128]);
        out.putLong(LinkEventEncoder.noticeRecipientOffset(OFFSET, 0), 42, LITTLE_ENDIAN);
        out.putLong(LinkEventEncoder.noticeRecipientOffset(OFFSET, 1), 43, LITTLE_ENDIAN);
        final int length = LinkEventEncoder.finishMemberChange(out, OFFSET, LinkType.MEMBER_ADDED, 1, 1_700_000_000_000L, 2,
            LinkCommandEncoder.ROLE_MEMBER, utf8("team-a"), 0, 6, utf8("dave"), 0, 4, utf8("alice"), 0, 5);

        assertEquals(LINK_MEMBER_ADDED, hex(out, OFFSET, length));
        assertEquals(LinkEventEncoder.memberChangeLength(2, 6, 4, 5), length);
        final LinkEventDecoder decoder = new LinkEventDecoder();
        final UnsafeBuffer vector = vector(LINK_MEMBER_ADDED);
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.MEMBER_ADDED, decoder.type());
        assertEquals(1_700_000_000_000L, decoder.timestampMs());
        assertEquals(2, decoder.recipientCount());
        assertEquals(43, decoder.recipient(1));
        assertEquals("team-a", decoder.room());
        assertEquals("dave", decoder.user());
        assertEquals("alice", decoder.by());
        assertEquals(LinkCommandEncoder.ROLE_MEMBER, decoder.role());

        vector.putByte(5, (byte)LinkType.MEMBER_REMOVED);
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.MEMBER_REMOVED, decoder.type());
        vector.putByte(28, (byte)3); // no such role
        assertFalse(decoder.wrap(vector, 0, vector.capacity()));
    }

    @Test
    void shouldMatchVectorAndDecodeBackWhenRoomAckIsEncoded()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        final int length = LinkEventEncoder.roomAck(out, OFFSET, 1, 42, utf8("\"4\""), 0, 3, utf8("dm:5:alicebob"), 0, 13);

        assertEquals(LINK_ROOM_ACK, hex(out, OFFSET, length));
        assertEquals(LinkEventEncoder.roomAckLength(3, 13), length);
        final LinkEventDecoder decoder = new LinkEventDecoder();
        final UnsafeBuffer vector = vector(LINK_ROOM_ACK);
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.ROOM_ACK, decoder.type());
        assertEquals(42, decoder.sessionId());
        assertEquals("\"4\"", decoder.corrId());
        assertEquals("dm:5:alicebob", decoder.room());
    }

    @Test
    void shouldMatchVectorWhenAClientPrivateFrameIsWritten()
    {
        final byte[] payload = "{\"user\":\"bob\",\"id\":\"4\"}".getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        out.putBytes(OFFSET + ClientFrameFlyweight.HEADER_LENGTH, payload);
        final int length = ClientFrameFlyweight.writeHeader(out, OFFSET, FrameType.PRIVATE, ClientFrameFlyweight.FLAG_JSON, payload.length);

        assertEquals(CLIENT_PRIVATE, hex(out, OFFSET, length));
        final ClientFrameFlyweight frame = new ClientFrameFlyweight().wrap(vector(CLIENT_PRIVATE), 0);
        assertEquals(FrameType.PRIVATE, frame.type());
        assertEquals(payload.length, frame.payloadLength());
    }

    @Test
    void shouldRejectTruncatedOrOverlongGroupCommandsWhenDecoding()
    {
        final LinkCommandDecoder decoder = new LinkCommandDecoder();
        for (final String hex : new String[] {LINK_CREATE_GROUP, LINK_ADD_MEMBER, LINK_REMOVE_MEMBER, LINK_OPEN_PRIVATE})
        {
            final byte[] whole = HexFormat.of().parseHex(hex);
            for (int cut = 1; cut < whole.length - 16; cut++)
            {
                final UnsafeBuffer shorter = new UnsafeBuffer(java.util.Arrays.copyOf(whole, whole.length - cut));
                shorter.putInt(0, whole.length - cut, LITTLE_ENDIAN); // a consistent frame length: only the body is short
                assertFalse(decoder.wrap(shorter, 0, shorter.capacity()), hex + " cut by " + cut);
            }
        }
        final UnsafeBuffer badRole = vector(LINK_ADD_MEMBER);
        badRole.putByte(badRole.capacity() - 1, (byte)LinkCommandEncoder.ROLE_OWNER); // an owner is never added
        assertFalse(decoder.wrap(badRole, 0, badRole.capacity()));
        final UnsafeBuffer moreMembers = vector(LINK_CREATE_GROUP);
        moreMembers.putShort(36, (short)3, LITTLE_ENDIAN); // announces a third member that is not there
        assertFalse(decoder.wrap(moreMembers, 0, moreMembers.capacity()));
    }

    @Test
    void shouldGiveOnePrivateRoomIdPerPairWhateverTheOrderAndWhateverTheIdsHold()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        final int ab = PrivateRoomId.write(out, 0, utf8("alice"), 0, 5, utf8("bob"), 0, 3);
        final String aliceBob = out.getStringWithoutLengthUtf8(0, ab);
        final int ba = PrivateRoomId.write(out, 0, utf8("bob"), 0, 3, utf8("alice"), 0, 5);
        assertEquals("dm:5:alicebob", aliceBob);
        assertEquals(aliceBob, out.getStringWithoutLengthUtf8(0, ba));
        // "a:" + "1b" and "a" + ":1b" are different pairs and get different ids
        final int first = PrivateRoomId.write(out, 0, utf8("a:"), 0, 2, utf8("1b"), 0, 2);
        final String one = out.getStringWithoutLengthUtf8(0, first);
        final int second = PrivateRoomId.write(out, 0, utf8("a"), 0, 1, utf8(":1b"), 0, 3);
        assertEquals("dm:2:1ba:", one);
        assertEquals("dm:3::1ba", out.getStringWithoutLengthUtf8(0, second));
        assertTrue(PrivateRoomId.isReserved(utf8("dm:x"), 0, 4));
        assertFalse(PrivateRoomId.isReserved(utf8("dm"), 0, 2));
        assertFalse(PrivateRoomId.isReserved(utf8("lobby"), 0, 5));
        assertTrue(PrivateRoomId.length(5, 3) >= ab);
        assertArrayEquals(new byte[] {'d', 'm', ':'}, PrivateRoomId.PREFIX);
    }
}
