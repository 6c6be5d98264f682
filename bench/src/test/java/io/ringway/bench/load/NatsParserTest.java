package io.ringway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NatsParserTest
{
    private final NatsParser parser = new NatsParser(1024);
    private final Recorder recorder = new Recorder();
    private final ByteBuf cumulation = Unpooled.buffer();

    /** Writes down every operation as text, e.g. {@code MSG:{"n":1}}. */
    private static final class Recorder implements NatsParser.Listener
    {
        final List<String> ops = new ArrayList<>();

        @Override
        public void onInfo(final ByteBuf buf, final int from, final int to)
        {
            ops.add("INFO:" + buf.toString(from, to - from, StandardCharsets.UTF_8));
        }

        @Override
        public void onMsg(final ByteBuf buf, final int from, final int to)
        {
            ops.add("MSG:" + buf.toString(from, to - from, StandardCharsets.UTF_8));
        }

        @Override
        public void onPing()
        {
            ops.add("PING");
        }

        @Override
        public void onPong()
        {
            ops.add("PONG");
        }

        @Override
        public void onErr(final String text)
        {
            ops.add("ERR:" + text);
        }
    }

    @AfterEach
    void release()
    {
        cumulation.release();
    }

    /** Feeds one chunk as a WebSocket message would deliver it, then parses what has accumulated. */
    private void feed(final String chunk)
    {
        cumulation.writeBytes(chunk.getBytes(StandardCharsets.UTF_8));
        parser.parse(cumulation, recorder);
    }

    @Test
    void shouldReportEveryOperationWhenSeveralAreCoalescedInOneFrame()
    {
        feed("MSG room.a 1 5\r\nhello\r\nMSG room.a 1 5\r\nworld\r\nPONG\r\nPING\r\n+OK\r\n");
        assertEquals(List.of("MSG:hello", "MSG:world", "PONG", "PING"), recorder.ops);
        assertEquals(0, cumulation.readableBytes());
    }

    @Test
    void shouldWaitForWholeLineWhenControlLineIsSplitAcrossFrames()
    {
        feed("PI");
        feed("NG\r");
        assertEquals(List.of(), recorder.ops);
        feed("\nPO");
        assertEquals(List.of("PING"), recorder.ops);
        feed("NG\r\n");
        assertEquals(List.of("PING", "PONG"), recorder.ops);
    }

    @Test
    void shouldWaitForWholePayloadWhenMsgPayloadIsSplitAcrossFrames()
    {
        feed("MSG room.a 1 13\r\n{\"n\":7,");
        assertEquals(List.of(), recorder.ops);
        feed("\"p\":1}");
        assertEquals(List.of(), recorder.ops, "payload complete but its CRLF is not there yet");
        feed("\r");
        assertEquals(List.of(), recorder.ops);
        feed("\nPING\r\n");
        assertEquals(List.of("MSG:{\"n\":7,\"p\":1}", "PING"), recorder.ops);
    }

    @Test
    void shouldTakePayloadByLengthWhenItContainsCrlf()
    {
        feed("MSG room.a 1 9\r\nab\r\nPING\r\r\n");
        assertEquals(List.of("MSG:ab\r\nPING\r"), recorder.ops);
    }

    @Test
    void shouldHandleReplySubjectAndEmptyPayload()
    {
        feed("MSG room.a 1 _INBOX.x 3\r\nabc\r\nMSG room.a 1 0\r\n\r\n");
        assertEquals(List.of("MSG:abc", "MSG:"), recorder.ops);
    }

    @Test
    void shouldReportOnlyPayloadWhenHmsgCarriesHeaders()
    {
        final String headers = "NATS/1.0\r\nX: y\r\n\r\n";
        final String payload = "{\"n\":3}";
        feed("HMSG room.a 1 " + headers.length() + " " + (headers.length() + payload.length()) + "\r\n" + headers + payload + "\r\n");
        assertEquals(List.of("MSG:" + payload), recorder.ops);
    }

    @Test
    void shouldReportInfoJsonAndErrText()
    {
        feed("INFO {\"server_id\":\"X\",\"max_payload\":1048576} \r\n-ERR 'Slow Consumer'\r\n");
        assertEquals(List.of("INFO:{\"server_id\":\"X\",\"max_payload\":1048576} ", "ERR:'Slow Consumer'"), recorder.ops);
    }

    @Test
    void shouldAcceptLowerCaseOperationsAndBareNewlines()
    {
        feed("ping\npong\r\n");
        assertEquals(List.of("PING", "PONG"), recorder.ops);
    }

    @Test
    void shouldParseEveryOperationWhenFedOneByteAtATime()
    {
        final String stream = "INFO {}\r\nPING\r\nMSG room.a 1 7\r\n{\"n\":1}\r\nMSG room.a 1 7\r\n{\"n\":2}\r\n";
        for (final char c : stream.toCharArray())
        {
            feed(String.valueOf(c));
        }
        assertEquals(List.of("INFO:{}", "PING", "MSG:{\"n\":1}", "MSG:{\"n\":2}"), recorder.ops);
    }

    @Test
    void shouldRejectUnknownOperation()
    {
        assertThrows(NatsProtocolException.class, () -> feed("HELLO there\r\n"));
    }

    @Test
    void shouldRejectPayloadWhenNotFollowedByCrlf()
    {
        assertThrows(NatsProtocolException.class, () -> feed("MSG room.a 1 2\r\nabcd\r\n"));
    }

    @Test
    void shouldRejectMsgWhenSizeMissingOrTooLarge()
    {
        assertThrows(NatsProtocolException.class, () -> feed("MSG room.a\r\n"));
        cumulation.clear();
        assertThrows(NatsProtocolException.class, () -> feed("MSG room.a 1 4096\r\n"));
    }

    @Test
    void shouldRejectLineWhenLongerThanLimitWithoutNewline()
    {
        assertThrows(NatsProtocolException.class, () -> feed("INFO " + "x".repeat(NatsParser.MAX_LINE_BYTES)));
    }
}
