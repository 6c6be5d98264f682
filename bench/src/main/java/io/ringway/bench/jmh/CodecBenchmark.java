package io.ringway.bench.jmh;

import io.ringway.codec.frame.ClientFrameFlyweight;
import io.ringway.codec.frame.FrameType;
import io.ringway.codec.json.ClientCommand;
import io.ringway.codec.json.ClientCommandParser;
import io.ringway.codec.json.ServerMessageWriter;
import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkType;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Codec costs for a room message with a 100-byte {@code data} value: binary frame header,
 * internal link command encode/decode, JSON command → link command, and the outbound JSON.
 * Run with {@code -prof gc} to see bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark extends JvmFlags
{
    /** 100 bytes of data, as JSON. */
    static final String DATA = "{\"text\":\"" + "x".repeat(100 - 11) + "\"}";
    static final byte[] PUBLISH_JSON =
        ("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"42\",\"data\":" + DATA + "}").getBytes(StandardCharsets.UTF_8);

    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
    private final ClientFrameFlyweight frameFlyweight = new ClientFrameFlyweight();
    private final UnsafeBuffer link = new UnsafeBuffer(new byte[512]);
    private final UnsafeBuffer room = new UnsafeBuffer("lobby".getBytes(StandardCharsets.US_ASCII));
    private final UnsafeBuffer from = new UnsafeBuffer("alice".getBytes(StandardCharsets.US_ASCII));
    private final UnsafeBuffer corrId = new UnsafeBuffer("\"42\"".getBytes(StandardCharsets.US_ASCII));
    private final UnsafeBuffer data = new UnsafeBuffer(DATA.getBytes(StandardCharsets.UTF_8));
    private final LinkCommandDecoder decoder = new LinkCommandDecoder();
    private final ClientCommandParser parser = new ClientCommandParser();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(512);
    private int encodedLinkLength;

    @Setup
    public void setup()
    {
        encodedLinkLength = encodeLinkPublish();
        frame.putBytes(ClientFrameFlyweight.HEADER_LENGTH, data, 0, data.capacity());
        ClientFrameFlyweight.writeHeader(frame, 0, FrameType.MESSAGE, ClientFrameFlyweight.FLAG_JSON, data.capacity());
    }

    @Benchmark
    public int binaryFrameEncode()
    {
        return ClientFrameFlyweight.writeHeader(frame, 0, FrameType.MESSAGE, ClientFrameFlyweight.FLAG_JSON, data.capacity());
    }

    @Benchmark
    public int binaryFrameDecode()
    {
        frameFlyweight.wrap(frame, 0);
        return frameFlyweight.frameLength() + frameFlyweight.version() + frameFlyweight.type() + frameFlyweight.flags();
    }

    @Benchmark
    public int linkCommandEncode()
    {
        return encodeLinkPublish();
    }

    @Benchmark
    public int linkCommandDecode()
    {
        decoder.wrap(link, 0, encodedLinkLength);
        return decoder.dataLength() + decoder.nameLength() + (int)decoder.sessionId();
    }

    /** What the gateway does for every WebSocket publish: parse the JSON, encode the link command. */
    @Benchmark
    public int jsonToLinkCommand()
    {
        final ClientCommand command = parser.parseJson(PUBLISH_JSON, 0, PUBLISH_JSON.length);
        return LinkCommandEncoder.encode(link, 0, LinkType.PUBLISH, 1, 7L,
            command.fields(), command.corrIdOffset(), command.corrIdLength(),
            command.fields(), command.nameOffset(), command.nameLength(),
            command.data(), command.dataOffset(), command.dataLength());
    }

    /** What the gateway does once per room message for all recipients: the outbound JSON. */
    @Benchmark
    public int roomMessageJson()
    {
        return ServerMessageWriter.roomMessage(out, 7, room, 0, room.capacity(), from, 0, from.capacity(),
            17L, 1_795_316_525_015L, data, 0, data.capacity());
    }

    private int encodeLinkPublish()
    {
        return LinkCommandEncoder.encode(link, 0, LinkType.PUBLISH, 1, 7L,
            corrId, 0, corrId.capacity(), room, 0, room.capacity(), data, 0, data.capacity());
    }
}
