package io.ringway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageScanTest
{
    private static ByteBuf utf8(final String text)
    {
        return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldFindIndexInRoomMessageAsTheServerSendsIt()
    {
        final ByteBuf message = utf8("{\"type\":\"message\",\"room\":\"lg-1-rtt\",\"from\":\"lg-1-pub\",\"seq\":17,\"ts\":1795316525015," +
            "\"data\":" + LoadMessages.data(100, 123) + "}");
        assertEquals(123, MessageScan.findIndex(message));
        assertTrue(MessageScan.startsWith(message, 0, message.writerIndex(), MessageScan.JSON_MESSAGE));
        message.release();
    }

    @Test
    void shouldFindIndexWithinAbsoluteRangeOfBinaryFrame()
    {
        final ByteBuf frame = Unpooled.buffer();
        frame.writeBytes(new byte[] {0, 0, 0, 0, 1, 4, 1}); // header bytes are never scanned as JSON
        frame.writeCharSequence("{\"type\":\"message\",\"room\":\"r\",\"data\":{\"n\":0,\"pad\":\"\"}}", StandardCharsets.US_ASCII);
        assertEquals(0, MessageScan.findIndex(frame, 7, frame.writerIndex()));
        frame.release();
    }

    @Test
    void shouldReturnNoIndexWhenMarkerMissingOrTruncated()
    {
        assertEquals(MessageScan.NO_INDEX, MessageScan.findIndex(utf8("{\"type\":\"message\",\"data\":{\"text\":\"hi\"}}")));
        assertEquals(MessageScan.NO_INDEX, MessageScan.findIndex(utf8("{\"type\":\"message\",\"data\":{\"n\":")));
        assertEquals(MessageScan.NO_INDEX, MessageScan.findIndex(utf8("{\"n\":\"7\"}")));
        assertEquals(MessageScan.NO_INDEX, MessageScan.findIndex(utf8("")));
    }

    @Test
    void shouldNotScanPastRangeEnd()
    {
        final ByteBuf buf = utf8("{\"n\":12345}");
        assertEquals(123, MessageScan.findIndex(buf, 0, 8));
        assertEquals(MessageScan.NO_INDEX, MessageScan.findIndex(buf, 1, buf.writerIndex()));
    }

    @Test
    void shouldReadLargeIndex()
    {
        assertEquals(49_999_999L, MessageScan.findIndex(utf8("{\"data\":{\"n\":49999999,\"pad\":\"x\"}}")));
    }

    private static ByteBuf roomMessage(final long seq, final long index)
    {
        return utf8("{\"type\":\"message\",\"room\":\"r\",\"from\":\"pub\",\"seq\":" + seq + ",\"data\":" + LoadMessages.data(40, index) + "}");
    }

    @Test
    void shouldFindEveryIndexWhenTheMarkerMovesBetweenMessages()
    {
        final MessageScan.IndexFinder finder = new MessageScan.IndexFinder();
        final long[] seqs = {9, 10, 11, 99, 100, 5, 1_000_000};
        for (int i = 0; i < seqs.length; i++)
        {
            final ByteBuf message = roomMessage(seqs[i], 7 * i);
            assertEquals(7 * i, finder.find(message, 0, message.writerIndex()), "seq " + seqs[i]);
            message.release();
        }
    }

    @Test
    void shouldFindIndexWithinRangeWhenTheSameMessageStartsElsewhere()
    {
        final MessageScan.IndexFinder finder = new MessageScan.IndexFinder();
        final ByteBuf first = roomMessage(1, 5);
        assertEquals(5, finder.find(first, 0, first.writerIndex()));
        final ByteBuf framed = Unpooled.buffer();
        framed.writeBytes(new byte[] {1, 2, 3});
        framed.writeBytes(first, 0, first.writerIndex());
        assertEquals(5, finder.find(framed, 3, framed.writerIndex()));
        assertEquals(MessageScan.NO_INDEX, finder.find(framed, 3, 3 + 20)); // the guess lies past the range end
        final ByteBuf noIndex = utf8("{\"type\":\"message\",\"data\":{\"text\":\"hi\"}}");
        assertEquals(MessageScan.NO_INDEX, finder.find(noIndex, 0, noIndex.writerIndex()));
        first.release();
        framed.release();
    }

    @Test
    void shouldExtractErrorCodeFromJsonAndFramePayloads()
    {
        final ByteBuf json = utf8("{\"type\":\"error\",\"id\":\"3\",\"error\":{\"code\":\"overloaded\",\"message\":\"engine busy\"}}");
        assertTrue(MessageScan.startsWith(json, 0, json.writerIndex(), MessageScan.JSON_ERROR));
        assertEquals("overloaded", MessageScan.errorCode(json, 0, json.writerIndex()));
        final ByteBuf payload = utf8("{\"code\":\"not_member\",\"message\":\"not a member of this room\",\"id\":\"3\"}");
        assertEquals("not_member", MessageScan.errorCode(payload, 0, payload.writerIndex()));
        assertEquals("unknown", MessageScan.errorCode(utf8("{}"), 0, 2));
    }

    @Test
    void shouldTellAckFromMessage()
    {
        final ByteBuf ack = utf8("{\"type\":\"ack\",\"seq\":1}");
        assertTrue(MessageScan.startsWith(ack, 0, ack.writerIndex(), MessageScan.JSON_ACK));
        assertFalse(MessageScan.startsWith(ack, 0, ack.writerIndex(), MessageScan.JSON_MESSAGE));
    }
}
