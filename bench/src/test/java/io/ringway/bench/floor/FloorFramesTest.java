package io.ringway.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.ringway.bench.load.LoadMessages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FloorFramesTest
{
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);

    /** The payload after checking the header is one unmasked, final text frame of the right length. */
    private static String payload(final ByteBuf frame)
    {
        try
        {
            assertEquals(0x81, frame.getUnsignedByte(0), "FIN + text");
            final int lengthByte = frame.getUnsignedByte(1);
            final int header;
            final long length;
            if (lengthByte < 126)
            {
                header = 2;
                length = lengthByte;
            }
            else if (lengthByte == 126)
            {
                header = 4;
                length = frame.getUnsignedShort(2);
            }
            else
            {
                header = 10;
                length = frame.getLong(2);
            }
            assertEquals(frame.readableBytes() - header, length, "payload length in the header");
            return frame.toString(header, frame.readableBytes() - header, StandardCharsets.UTF_8);
        }
        finally
        {
            frame.release();
        }
    }

    @Test
    void shouldEncodeMessageWithTypeFirstAndDataVerbatim()
    {
        final String data = "{\"n\":12,\"pad\":\"xx\"}";
        final ByteBuf source = Unpooled.copiedBuffer("--" + data + "--", StandardCharsets.UTF_8);
        final ByteBuf frame = FloorFrames.message(alloc, new FloorRoom("lobby").messagePrefix(),
            LoadMessages.ascii("alice\",\"seq\":"), 42, 1795316525015L, source, 2, 2 + data.length());
        assertEquals("{\"type\":\"message\",\"room\":\"lobby\",\"from\":\"alice\",\"seq\":42,\"msg_id\":42," +
            "\"ts\":1795316525015,\"data\":" + data + "}", payload(frame));
        source.release();
    }

    @Test
    void shouldEncodeAcksWithIdAndSeqOnlyWhenGiven()
    {
        final ByteBuf source = Unpooled.copiedBuffer("\"join\"", StandardCharsets.UTF_8);
        assertEquals("{\"type\":\"ack\",\"id\":\"join\"}", payload(FloorFrames.ack(alloc, source, 0, 6, -1)));
        assertEquals("{\"type\":\"ack\",\"id\":\"join\",\"seq\":0}", payload(FloorFrames.ack(alloc, source, 0, 6, 0)));
        assertEquals("{\"type\":\"ack\",\"seq\":1234567890123}",
            payload(FloorFrames.ack(alloc, source, CommandFields.ABSENT, CommandFields.ABSENT, 1234567890123L)));
        assertEquals("{\"type\":\"ack\"}", payload(FloorFrames.ack(alloc, null, CommandFields.ABSENT, CommandFields.ABSENT, -1)));
        source.release();
    }

    @Test
    void shouldEncodeErrorLikeRingway()
    {
        assertEquals("{\"type\":\"error\",\"error\":{\"code\":\"bad_request\"," +
            "\"message\":\"malformed command, or a missing or ill-typed field\"}}", payload(FloorFrames.error(alloc, FloorError.BAD_REQUEST)));
    }

    @Test
    void shouldUseExtendedLengthWhenPayloadIsLong()
    {
        final int overhead = payload(messageWithData("")).length();
        // either side of the 7-bit, 16-bit and 64-bit length forms
        for (final int payloadLength : new int[] {125, 126, 65_535, 65_536, 100_000})
        {
            final String data = "x".repeat(payloadLength - overhead);
            final String payload = payload(messageWithData(data));
            assertEquals(payloadLength, payload.length());
            assertEquals(data, payload.substring(payload.indexOf("\"data\":") + 7, payload.length() - 1));
        }
    }

    /** A message whose data is the given bytes (not JSON here: the encoder copies whatever it is given). */
    private ByteBuf messageWithData(final String data)
    {
        final ByteBuf source = Unpooled.copiedBuffer(data, StandardCharsets.UTF_8);
        try
        {
            return FloorFrames.message(alloc, new FloorRoom("r").messagePrefix(), LoadMessages.ascii("u\",\"seq\":"), 1, 1,
                source, 0, source.writerIndex());
        }
        finally
        {
            source.release();
        }
    }

    @Test
    void shouldWriteDecimalsWhenAnySize()
    {
        final ByteBuf buf = Unpooled.buffer();
        for (final long value : new long[] {0, 9, 10, 99, 100, 1795316525015L, Long.MAX_VALUE})
        {
            buf.clear();
            LoadMessages.writeDecimal(buf, value);
            assertEquals(Long.toString(value), buf.toString(StandardCharsets.US_ASCII));
        }
        buf.release();
    }
}
