package io.ringway.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringway.codec.ErrorCode;
import io.ringway.gateway.NettyLeakDetectionExtension;
import io.ringway.gateway.TestFrames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.ringway.gateway.TestFrames.concat;
import static io.ringway.gateway.TestFrames.frame;
import static io.ringway.gateway.TestFrames.jsonFrame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NettyLeakDetectionExtension.class)
class ClientFrameDecoderTest
{
    private static final int MAX_FRAME_BYTES = 1024;

    private static final byte[][] FRAMES = {
        jsonFrame(0x01, "{\"user\":\"alice\"}"),
        frame(1, 0x05, 0x00, new byte[0]),
        jsonFrame(0x02, "{\"room\":\"lobby\",\"id\":\"1\"}"),
        jsonFrame(0x04, "{\"room\":\"lobby\",\"id\":\"2\",\"data\":{\"text\":\"h\u00e9llo \u2603\"}}"),
        frame(1, 0x05, 0x00, new byte[] {0, 1, 2, (byte)0xFF}),
        jsonFrame(0x03, "{\"room\":\"lobby\"}"),
    };

    private final List<ByteBuf> inputs = new ArrayList<>();
    private ExceptionRecorder errors;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp()
    {
        errors = new ExceptionRecorder();
        channel = new EmbeddedChannel(new ClientFrameDecoder(MAX_FRAME_BYTES), errors);
    }

    @AfterEach
    void tearDown()
    {
        channel.finishAndReleaseAll();
        for (final ByteBuf input : inputs)
        {
            assertEquals(0, input.refCnt(), "the decoder released every input buffer");
        }
    }

    @Test
    void shouldEmitWholeFramesInOrderWhenFedByteByByte()
    {
        final byte[] stream = concat(FRAMES);
        for (final byte b : stream)
        {
            feed(new byte[] {b});
        }
        assertFramesEqual(FRAMES, drainFrames());
        assertTrue(errors.causes.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 7L, 42L, 1234567L, -99L})
    void shouldEmitWholeFramesInOrderWhenFedInArbitraryFragments(final long seed)
    {
        final byte[] stream = concat(FRAMES);
        final Random random = new Random(seed);
        int position = 0;
        while (position < stream.length)
        {
            final int size = Math.min(1 + random.nextInt(40), stream.length - position);
            feed(Arrays.copyOfRange(stream, position, position + size));
            position += size;
        }
        assertFramesEqual(FRAMES, drainFrames());
        assertTrue(errors.causes.isEmpty());
    }

    @Test
    void shouldEmitEveryFrameWhenSeveralAreCoalescedInOneBuffer()
    {
        feed(concat(FRAMES));

        assertFramesEqual(FRAMES, drainFrames());
        assertTrue(errors.causes.isEmpty());
    }

    @Test
    void shouldEmitCompleteFramesAndKeepTheRestWhenBufferEndsMidFrame()
    {
        final byte[] stream = concat(FRAMES[0], FRAMES[2]);
        feed(Arrays.copyOf(stream, FRAMES[0].length + 5));

        assertFramesEqual(new byte[][] {FRAMES[0]}, drainFrames());

        feed(Arrays.copyOfRange(stream, FRAMES[0].length + 5, stream.length));

        assertFramesEqual(new byte[][] {FRAMES[2]}, drainFrames());
    }

    @Test
    void shouldWaitWithoutErrorWhenFewerThanFourBytesArrived()
    {
        feed(new byte[] {0, 0, 0});

        assertNull(channel.readInbound());
        assertTrue(errors.causes.isEmpty());
    }

    @Test
    void shouldAcceptHeaderOnlyFrameAndFrameOfExactlyTheLimit()
    {
        final byte[] headerOnly = frame(1, 0x05, 0x00, new byte[0]);
        final byte[] largest = frame(1, 0x05, 0x00, new byte[MAX_FRAME_BYTES - TestFrames.HEADER]);
        feed(concat(headerOnly, largest));

        assertFramesEqual(new byte[][] {headerOnly, largest}, drainFrames());
        assertTrue(errors.causes.isEmpty());
    }

    static Stream<Arguments> violations()
    {
        return Stream.of(
            Arguments.of("length 6", header(6, 1, 0x05, 0x00), ErrorCode.BAD_FRAME),
            Arguments.of("length 0", header(0, 1, 0x05, 0x00), ErrorCode.BAD_FRAME),
            Arguments.of("length over the limit", header(MAX_FRAME_BYTES + 1, 1, 0x05, 0x00), ErrorCode.TOO_LARGE),
            Arguments.of("length 0xFFFFFFFF", header(-1, 1, 0x05, 0x00), ErrorCode.TOO_LARGE),
            Arguments.of("version 2", frame(2, 0x05, 0x00, new byte[0]), ErrorCode.UNSUPPORTED_VERSION),
            Arguments.of("version 0", frame(0, 0x05, 0x00, new byte[0]), ErrorCode.UNSUPPORTED_VERSION),
            Arguments.of("unknown type 0x0e", frame(1, 0x0E, 0x01, "{}".getBytes()), ErrorCode.UNKNOWN_TYPE),
            Arguments.of("unknown type 0x00", frame(1, 0x00, 0x01, "{}".getBytes()), ErrorCode.UNKNOWN_TYPE),
            Arguments.of("server-only ERROR 0x06", frame(1, 0x06, 0x01, "{}".getBytes()), ErrorCode.UNKNOWN_TYPE),
            Arguments.of("server-only ACK 0x07", frame(1, 0x07, 0x01, "{}".getBytes()), ErrorCode.UNKNOWN_TYPE),
            Arguments.of("unknown flag 0x08", frame(1, 0x02, 0x09, "{}".getBytes()), ErrorCode.BAD_FRAME),
            Arguments.of("unknown flag 0x80", frame(1, 0x05, 0x80, new byte[0]), ErrorCode.BAD_FRAME),
            Arguments.of("compressed flag", frame(1, 0x04, 0x05, "{}".getBytes()), ErrorCode.BAD_FRAME),
            Arguments.of("binary flag", frame(1, 0x04, 0x02, new byte[] {1, 2, 3}), ErrorCode.BAD_FRAME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void shouldRaiseViolationOnceAndDiscardFollowingBytesWhenHeaderBreaksProtocol(
        final String name, final byte[] bad, final ErrorCode expected)
    {
        feed(concat(bad, FRAMES[1], FRAMES[2]));
        feed(FRAMES[0]);
        feed(concat(FRAMES));

        assertEquals(1, errors.causes.size(), "one violation, raised once: " + errors.causes);
        final FrameViolationException violation = assertInstanceOf(FrameViolationException.class, errors.causes.get(0));
        assertEquals(expected, violation.code());
        assertFalse(violation.getMessage().isEmpty());
        assertNull(channel.readInbound(), "nothing after the violation is decoded");
    }

    @Test
    void shouldEmitFramesBeforeViolationWhenCoalescedWithIt()
    {
        feed(concat(FRAMES[0], FRAMES[1], frame(2, 0x05, 0x00, new byte[0]), FRAMES[2]));

        assertFramesEqual(new byte[][] {FRAMES[0], FRAMES[1]}, drainFrames());
        assertEquals(1, errors.causes.size());
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, ((FrameViolationException)errors.causes.get(0)).code());
    }

    @Test
    void shouldRejectShortLengthWhenOnlyFourBytesArrived()
    {
        feed(new byte[] {0, 0, 0, 3});

        assertEquals(1, errors.causes.size());
        assertEquals(ErrorCode.BAD_FRAME, ((FrameViolationException)errors.causes.get(0)).code());
    }

    @Test
    void shouldRejectOversizedLengthWhenOnlyFourBytesArrived()
    {
        feed(new byte[] {0, 0x10, 0, 0}); // 1 MiB

        assertEquals(1, errors.causes.size());
        assertEquals(ErrorCode.TOO_LARGE, ((FrameViolationException)errors.causes.get(0)).code());
    }

    @Test
    void shouldRejectVersionAsSoonAsItsByteArrives()
    {
        feed(new byte[] {0, 0, 0, 20});
        assertTrue(errors.causes.isEmpty());

        feed(new byte[] {2});

        assertEquals(1, errors.causes.size());
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, ((FrameViolationException)errors.causes.get(0)).code());
    }

    @Test
    void shouldRejectTypeAsSoonAsItsByteArrivesWithoutWaitingForPayload()
    {
        feed(new byte[] {0, 0, 0, 100, 1});
        feed(new byte[] {0x07});

        assertEquals(1, errors.causes.size());
        assertEquals(ErrorCode.UNKNOWN_TYPE, ((FrameViolationException)errors.causes.get(0)).code());
    }

    private void feed(final byte[] bytes)
    {
        final ByteBuf input = TestFrames.buf(bytes);
        inputs.add(input);
        channel.writeInbound(input);
    }

    private List<byte[]> drainFrames()
    {
        final List<byte[]> frames = new ArrayList<>();
        ByteBuf frame;
        while ((frame = channel.readInbound()) != null)
        {
            frames.add(TestFrames.bytesAndRelease(frame));
        }
        return frames;
    }

    private static void assertFramesEqual(final byte[][] expected, final List<byte[]> actual)
    {
        assertEquals(expected.length, actual.size(), "frame count");
        for (int i = 0; i < expected.length; i++)
        {
            assertArrayEquals(expected[i], actual.get(i), "frame " + i);
        }
    }

    private static byte[] header(final int length, final int version, final int type, final int flags)
    {
        return new byte[] {
            (byte)(length >>> 24), (byte)(length >>> 16), (byte)(length >>> 8), (byte)length,
            (byte)version, (byte)type, (byte)flags};
    }

    /** Keeps exceptions from reaching the pipeline's tail, where EmbeddedChannel would rethrow them. */
    private static final class ExceptionRecorder extends ChannelInboundHandlerAdapter
    {
        final List<Throwable> causes = new ArrayList<>();

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            causes.add(cause);
        }
    }
}
