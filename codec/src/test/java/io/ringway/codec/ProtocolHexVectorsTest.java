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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Byte-exact test vectors for PROTOCOL.md. The expected hex was worked out by hand from the layouts in
 * the javadoc of {@link io.ringway.codec.link.LinkHeader}, {@link LinkCommandEncoder},
 * {@link LinkEventEncoder} and {@link ClientFrameFlyweight}, not copied from encoder output.
 * Every vector is encoded at a non-zero offset and decoded back.
 */
class ProtocolHexVectorsTest
{
    /**
     * JOIN gatewayId=1 sessionId=42 corrId {@code "1"} room {@code lobby}: 27 bytes.
     * <pre>
     * 1b000000          frame length 27 (i32 LE)
     * 01 03 0100        version 1, type JOIN, gateway id 1 (u16 LE)
     * 2a00000000000000  session id 42 (i64 LE)
     * 03 223122         corrId: u8 length 3, "1"
     * 0500 6c6f626279   room: u16 length 5, lobby
     * </pre>
     */
    static final String LINK_JOIN = "1b000000010301002a000000000000000322312205006c6f626279";

    /**
     * PUBLISH gatewayId=1 sessionId=42 corrId {@code "3"} room {@code lobby} data {@code {"text":"hi"}}: 44 bytes.
     * <pre>
     * 2c000000 01 05 0100 2a00000000000000   header: length 44, version 1, PUBLISH, gateway 1, session 42
     * 03 223322                              corrId "3"
     * 0500 6c6f626279                        room lobby
     * 0d000000 7b2274657874223a226869227d    data: i32 length 13, {"text":"hi"}
     * </pre>
     */
    static final String LINK_PUBLISH =
        "2c000000010501002a000000000000000322332205006c6f6262790d0000007b2274657874223a226869227d";

    /**
     * ACK gatewayId=1 sessionId=42 seq=17 corrId {@code "3"}: 28 bytes.
     * <pre>
     * 1c000000 01 41 0100 2a00000000000000   header: length 28, version 1, ACK, gateway 1, session 42
     * 1100000000000000                       seq 17 (i64 LE)
     * 03 223322                              corrId "3"
     * </pre>
     */
    static final String LINK_ACK = "1c000000014101002a00000000000000110000000000000003223322";

    /**
     * ROOM_MESSAGE gatewayId=1 seq=17 ts=1700000000000 recipients [42, 43] room {@code lobby} from {@code alice}
     * data {@code {"text":"hi"}}: 87 bytes. 1700000000000 = 0x0000018bcfe56800.
     * <pre>
     * 57000000 01 43 0100 0000000000000000   header: length 87, version 1, ROOM_MESSAGE, gateway 1, session 0
     * 1100000000000000                       seq 17
     * 0068e5cf8b010000                       ts 1700000000000
     * 02000000 00000000                      recipient count 2, reserved 0
     * 2a00000000000000 2b00000000000000      recipients 42, 43
     * 0500 6c6f626279                        room lobby
     * 0500 616c696365                        from alice
     * 0d000000 7b2274657874223a226869227d    data {"text":"hi"}
     * </pre>
     */
    static final String LINK_ROOM_MESSAGE =
        "5700000001430100000000000000000011000000000000000068e5cf8b01000002000000000000002a000000000000002b00000000000000" +
        "05006c6f6262790500616c6963650d0000007b2274657874223a226869227d";

    /**
     * Client JOIN_ROOM frame, flags JSON, payload {@code {"room":"lobby","id":"1"}} (25 bytes): 32 bytes.
     * <pre>
     * 00000020 01 02 01                      length 32 (u32 BE), version 1, JOIN_ROOM, FLAG_JSON
     * 7b22726f6f6d223a226c6f626279222c226964223a2231227d   payload
     * </pre>
     */
    static final String CLIENT_JOIN_ROOM = "000000200102017b22726f6f6d223a226c6f626279222c226964223a2231227d";

    /** Client HEARTBEAT frame, no flags, empty payload: {@code 00000007} length 7, version 1, HEARTBEAT, flags 0. */
    static final String CLIENT_HEARTBEAT = "00000007010500";

    private static final int OFFSET = 9;
    private static final byte[] LOBBY = ascii("lobby");
    private static final byte[] ALICE = ascii("alice");
    private static final byte[] TEXT_HI = ascii("{\"text\":\"hi\"}");

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String hex(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static UnsafeBuffer buffer(final int capacity)
    {
        return new UnsafeBuffer(new byte[capacity]);
    }

    @Test
    void shouldMatchVectorWhenJoinCommandIsEncoded()
    {
        final UnsafeBuffer out = buffer(128);
        final int length = LinkCommandEncoder.encode(
            out, OFFSET, LinkType.JOIN, 1, 42,
            new UnsafeBuffer(ascii("\"1\"")), 0, 3,
            new UnsafeBuffer(LOBBY), 0, LOBBY.length,
            null, 0, 0);

        assertEquals(LINK_JOIN, hex(out, OFFSET, length));

        final LinkCommandDecoder decoder = new LinkCommandDecoder();
        final UnsafeBuffer vector = new UnsafeBuffer(HexFormat.of().parseHex(LINK_JOIN));
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.JOIN, decoder.type());
        assertEquals(1, decoder.gatewayId());
        assertEquals(42, decoder.sessionId());
        assertEquals("\"1\"", decoder.corrId());
        assertEquals("lobby", decoder.name());
    }

    @Test
    void shouldMatchVectorWhenPublishCommandIsEncoded()
    {
        final UnsafeBuffer out = buffer(128);
        final int length = LinkCommandEncoder.encode(
            out, OFFSET, LinkType.PUBLISH, 1, 42,
            new UnsafeBuffer(ascii("\"3\"")), 0, 3,
            new UnsafeBuffer(LOBBY), 0, LOBBY.length,
            new UnsafeBuffer(TEXT_HI), 0, TEXT_HI.length);

        assertEquals(LINK_PUBLISH, hex(out, OFFSET, length));

        final LinkCommandDecoder decoder = new LinkCommandDecoder();
        final UnsafeBuffer vector = new UnsafeBuffer(HexFormat.of().parseHex(LINK_PUBLISH));
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.PUBLISH, decoder.type());
        assertEquals(42, decoder.sessionId());
        assertEquals("\"3\"", decoder.corrId());
        assertEquals("lobby", decoder.name());
        assertEquals("{\"text\":\"hi\"}", decoder.data());
    }

    @Test
    void shouldMatchVectorWhenAckEventIsEncoded()
    {
        final UnsafeBuffer out = buffer(128);
        final int length = LinkEventEncoder.ack(out, OFFSET, 1, 42, 17, new UnsafeBuffer(ascii("\"3\"")), 0, 3);

        assertEquals(LINK_ACK, hex(out, OFFSET, length));

        final LinkEventDecoder decoder = new LinkEventDecoder();
        final UnsafeBuffer vector = new UnsafeBuffer(HexFormat.of().parseHex(LINK_ACK));
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.ACK, decoder.type());
        assertEquals(1, decoder.gatewayId());
        assertEquals(42, decoder.sessionId());
        assertEquals(17, decoder.seq());
        assertEquals("\"3\"", decoder.corrId());
    }

    @Test
    void shouldMatchVectorWhenRoomMessageEventIsEncoded()
    {
        final UnsafeBuffer out = buffer(256);
        out.putLong(LinkEventEncoder.roomRecipientOffset(OFFSET, 0), 42, LITTLE_ENDIAN);
        out.putLong(LinkEventEncoder.roomRecipientOffset(OFFSET, 1), 43, LITTLE_ENDIAN);
        final int length = LinkEventEncoder.finishRoomMessage(
            out, OFFSET, 1, 17, 1_700_000_000_000L, 2,
            new UnsafeBuffer(LOBBY), 0, LOBBY.length,
            new UnsafeBuffer(ALICE), 0, ALICE.length,
            new UnsafeBuffer(TEXT_HI), 0, TEXT_HI.length);

        assertEquals(LINK_ROOM_MESSAGE, hex(out, OFFSET, length));

        final LinkEventDecoder decoder = new LinkEventDecoder();
        final UnsafeBuffer vector = new UnsafeBuffer(HexFormat.of().parseHex(LINK_ROOM_MESSAGE));
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.ROOM_MESSAGE, decoder.type());
        assertEquals(1, decoder.gatewayId());
        assertEquals(17, decoder.seq());
        assertEquals(1_700_000_000_000L, decoder.timestampMs());
        assertEquals(2, decoder.recipientCount());
        assertEquals(42, decoder.recipient(0));
        assertEquals(43, decoder.recipient(1));
        assertEquals("lobby", decoder.room());
        assertEquals("alice", decoder.from());
        assertEquals("{\"text\":\"hi\"}", decoder.data());
    }

    @Test
    void shouldMatchVectorWhenClientJoinRoomFrameIsWritten()
    {
        final byte[] payload = ascii("{\"room\":\"lobby\",\"id\":\"1\"}");
        final UnsafeBuffer out = buffer(128);
        out.putBytes(OFFSET + ClientFrameFlyweight.HEADER_LENGTH, payload);
        final int length = ClientFrameFlyweight.writeHeader(
            out, OFFSET, FrameType.JOIN_ROOM, ClientFrameFlyweight.FLAG_JSON, payload.length);

        assertEquals(CLIENT_JOIN_ROOM, hex(out, OFFSET, length));

        final ClientFrameFlyweight frame = new ClientFrameFlyweight().wrap(
            new UnsafeBuffer(HexFormat.of().parseHex(CLIENT_JOIN_ROOM)), 0);
        assertEquals(32, frame.frameLength());
        assertEquals(1, frame.version());
        assertEquals(FrameType.JOIN_ROOM, frame.type());
        assertEquals(ClientFrameFlyweight.FLAG_JSON, frame.flags());
        assertEquals(payload.length, frame.payloadLength());
    }

    @Test
    void shouldMatchVectorWhenClientHeartbeatFrameIsWritten()
    {
        final UnsafeBuffer out = buffer(32);
        final int length = ClientFrameFlyweight.writeHeader(out, OFFSET, FrameType.HEARTBEAT, 0, 0);

        assertEquals(CLIENT_HEARTBEAT, hex(out, OFFSET, length));

        final ClientFrameFlyweight frame = new ClientFrameFlyweight().wrap(
            new UnsafeBuffer(HexFormat.of().parseHex(CLIENT_HEARTBEAT)), 0);
        assertEquals(FrameType.HEARTBEAT, frame.type());
        assertEquals(0, frame.flags());
        assertEquals(0, frame.payloadLength());
    }
}
