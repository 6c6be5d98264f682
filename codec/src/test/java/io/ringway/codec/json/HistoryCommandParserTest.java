package io.ringway.codec.json;

import io.ringway.codec.ErrorCode;
import io.ringway.codec.frame.FrameType;
import io.ringway.codec.link.LinkCommandEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history commands and fields of the JSON parser: edit, delete, history, join since/epoch/last, client_msg_id. */
class HistoryCommandParserTest
{
    private final ClientCommandParser parser = new ClientCommandParser();

    private ClientCommand parse(final String json)
    {
        final byte[] bytes = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        return parser.parseJson(bytes, 2, bytes.length - 4);
    }

    private static ClientCommand valid(final ClientCommand command, final ClientCommand.Kind kind)
    {
        assertTrue(command.isValid(), () -> command.error() + ": " + command.errorMessage());
        assertEquals(kind, command.kind());
        return command;
    }

    @Test
    void shouldReadSeqAndDataWhenAnEditIsParsed()
    {
        final ClientCommand command = valid(parse("{\"type\":\"edit\",\"room\":\"lobby\",\"seq\":17,\"id\":\"e\",\"data\":{\"text\":\"fixed\"}}"),
            ClientCommand.Kind.EDIT);
        assertEquals(17, command.seq());
        assertEquals("lobby", command.name());
        assertEquals("{\"text\":\"fixed\"}", command.dataAsString());
        assertEquals("\"e\"", command.corrId());
    }

    @Test
    void shouldReadSeqWhenADeleteIsParsedAlsoFromABinaryFrame()
    {
        assertEquals(3, valid(parse("{\"type\":\"delete\",\"room\":\"lobby\",\"seq\":3}"), ClientCommand.Kind.DELETE).seq());
        final byte[] payload = "{\"room\":\"lobby\",\"seq\":4}".getBytes(StandardCharsets.UTF_8);
        assertEquals(4, valid(parser.parseFramePayload(FrameType.DELETE, payload, 0, payload.length), ClientCommand.Kind.DELETE).seq());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"edit\",\"room\":\"lobby\",\"data\":1}",
        "{\"type\":\"edit\",\"room\":\"lobby\",\"seq\":1}",
        "{\"type\":\"edit\",\"room\":\"lobby\",\"seq\":0,\"data\":1}",
        "{\"type\":\"delete\",\"room\":\"lobby\",\"seq\":-4}",
        "{\"type\":\"delete\",\"room\":\"lobby\",\"seq\":\"4\"}",
        "{\"type\":\"delete\",\"room\":\"lobby\",\"seq\":1.5}",
        "{\"type\":\"delete\",\"room\":\"lobby\",\"seq\":123456789012345678901234567890}",
        "{\"type\":\"delete\",\"seq\":4}",
        "{\"type\":\"history\",\"room\":\"lobby\",\"before\":5,\"after\":2}",
        "{\"type\":\"history\",\"room\":\"lobby\",\"limit\":70000}",
        "{\"type\":\"history\",\"room\":\"lobby\",\"limit\":-1}",
        "{\"type\":\"history\",\"room\":\"lobby\",\"order\":\"sideways\"}",
        "{\"type\":\"history\",\"room\":\"lobby\",\"order\":1}",
        "{\"type\":\"join\",\"room\":\"lobby\",\"since\":-1}",
        "{\"type\":\"join\",\"room\":\"lobby\",\"epoch\":5}",
        "{\"type\":\"join\",\"room\":\"lobby\",\"last\":\"all\"}",
        "{\"type\":\"join\",\"room\":\"lobby\",\"last\":65536}",
        "{\"type\":\"publish\",\"room\":\"lobby\",\"client_msg_id\":\"\",\"data\":1}",
        "{\"type\":\"publish\",\"room\":\"lobby\",\"client_msg_id\":7,\"data\":1}",
        "{\"type\":\"publish\",\"room\":\"lobby\",\"client_msg_id\":\"" +
            "0123456789012345678901234567890123456789012345678901234567890123456789\",\"data\":1}"
    })
    void shouldAnswerBadRequestWhenAHistoryFieldIsMissingOrOutOfRange(final String json)
    {
        final ClientCommand command = parse(json);
        assertFalse(command.isValid(), json);
        assertEquals(ErrorCode.BAD_REQUEST, command.error(), json);
    }

    @Test
    void shouldDefaultToTheNewestMessagesNewestFirstWhenHistoryHasNoAnchor()
    {
        final ClientCommand command = valid(parse("{\"type\":\"history\",\"room\":\"lobby\"}"), ClientCommand.Kind.HISTORY);
        assertEquals(-1, command.seq());
        assertEquals(0, command.limit());
        assertEquals(0, command.historyMode());
    }

    @Test
    void shouldSetModeBitsFromBeforeAfterAndOrderWhenHistoryIsParsed()
    {
        ClientCommand command = valid(parse("{\"type\":\"history\",\"room\":\"lobby\",\"before\":100,\"limit\":20}"), ClientCommand.Kind.HISTORY);
        assertEquals(100, command.seq());
        assertEquals(20, command.limit());
        assertEquals(0, command.historyMode());

        command = valid(parse("{\"type\":\"history\",\"room\":\"lobby\",\"after\":7}"), ClientCommand.Kind.HISTORY);
        assertEquals(7, command.seq());
        assertEquals(LinkCommandEncoder.HISTORY_AFTER | LinkCommandEncoder.HISTORY_OLDEST_FIRST, command.historyMode());

        command = valid(parse("{\"type\":\"history\",\"room\":\"lobby\",\"after\":7,\"order\":\"newest\"}"), ClientCommand.Kind.HISTORY);
        assertEquals(LinkCommandEncoder.HISTORY_AFTER, command.historyMode());

        command = valid(parse("{\"type\":\"history\",\"room\":\"lobby\",\"before\":9,\"order\":\"oldest\"}"), ClientCommand.Kind.HISTORY);
        assertEquals(LinkCommandEncoder.HISTORY_OLDEST_FIRST, command.historyMode());
    }

    @Test
    void shouldMakeAJoinAResumeOnlyWhenItGivesSinceOrLast()
    {
        assertFalse(valid(parse("{\"type\":\"join\",\"room\":\"lobby\"}"), ClientCommand.Kind.JOIN).resume());

        ClientCommand command = valid(parse("{\"type\":\"join\",\"room\":\"lobby\",\"since\":17,\"epoch\":1700000000000042}"),
            ClientCommand.Kind.JOIN);
        assertTrue(command.resume());
        assertEquals(17, command.seq());
        assertEquals(1_700_000_000_000_042L, command.epoch());
        assertEquals(0, command.limit());

        command = valid(parse("{\"type\":\"join\",\"room\":\"lobby\",\"last\":20}"), ClientCommand.Kind.JOIN);
        assertTrue(command.resume());
        assertEquals(-1, command.seq());
        assertEquals(20, command.limit());
    }

    @Test
    void shouldKeepTheClientMessageIdWhenAPublishCarriesOne()
    {
        final ClientCommand command = valid(parse("{\"type\":\"publish\",\"room\":\"lobby\",\"client_msg_id\":\"c-1\",\"data\":1}"),
            ClientCommand.Kind.PUBLISH);
        assertEquals("c-1", command.fields().getStringWithoutLengthUtf8(command.clientMsgIdOffset(), command.clientMsgIdLength()));
        assertEquals(0, valid(parse("{\"type\":\"publish\",\"room\":\"lobby\",\"data\":1}"), ClientCommand.Kind.PUBLISH).clientMsgIdLength());
    }

    @Test
    void shouldNotAllocateWhenParsingHistoryCommandsAfterWarmUp()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported())
        {
            throw new AssertionError("thread allocation accounting is not supported by this JVM");
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        final byte[][] commands = {
            "{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"17\",\"client_msg_id\":\"c-17\",\"data\":{\"text\":\"hi\"}}".getBytes(StandardCharsets.UTF_8),
            "{\"type\":\"join\",\"room\":\"lobby\",\"id\":\"1\",\"since\":1234,\"epoch\":1795316525015042}".getBytes(StandardCharsets.UTF_8),
            "{\"type\":\"edit\",\"room\":\"lobby\",\"seq\":17,\"data\":{\"text\":\"fixed\"}}".getBytes(StandardCharsets.UTF_8),
            "{\"type\":\"delete\",\"room\":\"lobby\",\"seq\":17}".getBytes(StandardCharsets.UTF_8),
            "{\"type\":\"history\",\"room\":\"lobby\",\"before\":100,\"limit\":50,\"order\":\"oldest\"}".getBytes(StandardCharsets.UTF_8),
        };
        final ClientCommandParser target = new ClientCommandParser();
        for (int i = 0; i < 50_000; i++)
        {
            final byte[] command = commands[i % commands.length];
            assertTrue(target.parseJson(command, 0, command.length).isValid());
        }
        final long overhead = -threads.getCurrentThreadAllocatedBytes() + threads.getCurrentThreadAllocatedBytes();
        long fewestBytes = Long.MAX_VALUE;
        for (int round = 0; round < 5 && fewestBytes != 0; round++)
        {
            int valid = 0;
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++)
            {
                final byte[] command = commands[i % commands.length];
                valid += target.parseJson(command, 0, command.length).isValid() ? 1 : 0;
            }
            final long after = threads.getCurrentThreadAllocatedBytes();
            assertEquals(10_000, valid);
            fewestBytes = Math.min(fewestBytes, after - before - overhead);
        }
        assertEquals(0L, fewestBytes, "bytes allocated by 10,000 parses of history commands, fewest of five rounds");
    }
}
