package io.ringway.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.ringway.bench.load.LoadMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandFieldsTest
{
    private final CommandFields fields = new CommandFields();
    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void releaseBuffers()
    {
        buffers.forEach(ByteBuf::release);
    }

    private ByteBuf utf8(final String text)
    {
        final ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        buffers.add(buf);
        return buf;
    }

    private boolean scan(final ByteBuf buf)
    {
        return fields.scan(buf, buf.readerIndex(), buf.writerIndex());
    }

    private static String span(final ByteBuf buf, final int from, final int to)
    {
        return from == CommandFields.ABSENT ? null : buf.toString(from, to - from, StandardCharsets.UTF_8);
    }

    @Test
    void shouldFindFieldsWhenPublishIsExactlyWhatLoadMessagesSends()
    {
        final ByteBuf publish = new LoadMessages("lg-1-rtt", 100, false).publish(UnpooledByteBufAllocator.DEFAULT, 4242);
        buffers.add(publish);
        assertTrue(scan(publish));
        assertEquals("\"publish\"", span(publish, fields.typeFrom, fields.typeTo));
        assertEquals("\"lg-1-rtt\"", span(publish, fields.roomFrom, fields.roomTo));
        assertEquals(LoadMessages.data(100, 4242), span(publish, fields.dataFrom, fields.dataTo));
        assertEquals(CommandFields.ABSENT, fields.idFrom);
    }

    @Test
    void shouldFindFieldsWhenJoinIsExactlyWhatLoadMessagesSends()
    {
        final ByteBuf join = new LoadMessages("lg-1-fanout", 100, false).join(UnpooledByteBufAllocator.DEFAULT);
        buffers.add(join);
        assertTrue(scan(join));
        assertEquals("\"join\"", span(join, fields.typeFrom, fields.typeTo));
        assertEquals("\"lg-1-fanout\"", span(join, fields.roomFrom, fields.roomTo));
        assertEquals("\"join\"", span(join, fields.idFrom, fields.idTo));
        assertEquals(CommandFields.ABSENT, fields.dataFrom);
    }

    @Test
    void shouldTakeDataVerbatimWhenItNestsAndHoldsBracesQuotesAndEscapesInStrings()
    {
        final String data = "{\"a\":{\"b\":[1,{\"c\":\"}\"}]},\"s\":\"x\\\"}{\\\\\",\"t\":\"[\"}";
        final ByteBuf buf = utf8("{\"type\":\"publish\",\"data\":" + data + ",\"room\":\"r\",\"id\":7}");
        assertTrue(scan(buf));
        assertEquals(data, span(buf, fields.dataFrom, fields.dataTo));
        assertEquals("\"r\"", span(buf, fields.roomFrom, fields.roomTo));
        assertEquals("7", span(buf, fields.idFrom, fields.idTo));
    }

    @Test
    void shouldIgnoreLookalikeKeysWhenTheyAreNestedInsideData()
    {
        final ByteBuf buf = utf8("{\"data\":{\"room\":\"inner\",\"type\":\"x\"},\"type\":\"publish\",\"room\":\"outer\"}");
        assertTrue(scan(buf));
        assertEquals("\"outer\"", span(buf, fields.roomFrom, fields.roomTo));
        assertEquals("\"publish\"", span(buf, fields.typeFrom, fields.typeTo));
    }

    @Test
    void shouldTakeScalarAndStringDataWhenDataIsNotAnObject()
    {
        ByteBuf buf = utf8("{\"type\":\"publish\",\"room\":\"r\",\"data\":-12.5e3}");
        assertTrue(scan(buf));
        assertEquals("-12.5e3", span(buf, fields.dataFrom, fields.dataTo));

        buf = utf8("{\"type\":\"publish\",\"room\":\"r\",\"data\":\"a \\\\\"}");
        assertTrue(scan(buf));
        assertEquals("\"a \\\\\"", span(buf, fields.dataFrom, fields.dataTo));
    }

    @Test
    void shouldSkipWhitespaceWhenCommandIsPrettyPrinted()
    {
        final ByteBuf buf = utf8(" {\n  \"type\" : \"join\" ,\r\n\t\"room\":\"lobby\",  \"data\" : [ 1 , 2 ] \n} \n");
        assertTrue(scan(buf));
        assertEquals("\"join\"", span(buf, fields.typeFrom, fields.typeTo));
        assertEquals("\"lobby\"", span(buf, fields.roomFrom, fields.roomTo));
        assertEquals("[ 1 , 2 ]", span(buf, fields.dataFrom, fields.dataTo));
    }

    @Test
    void shouldReportAbsentFieldsWhenObjectIsEmptyOrHasOthers()
    {
        assertTrue(scan(utf8("{}")));
        assertEquals(CommandFields.ABSENT, fields.typeFrom);
        assertTrue(scan(utf8("{\"types\":\"join\",\"Room\":\"r\"}")));
        assertEquals(CommandFields.ABSENT, fields.typeFrom);
        assertEquals(CommandFields.ABSENT, fields.roomFrom);
    }

    @Test
    void shouldResetSpansWhenReusedForNextCommand()
    {
        assertTrue(scan(utf8("{\"type\":\"join\",\"room\":\"r\",\"id\":\"1\"}")));
        assertTrue(scan(utf8("{\"type\":\"publish\"}")));
        assertEquals(CommandFields.ABSENT, fields.roomFrom);
        assertEquals(CommandFields.ABSENT, fields.idFrom);
    }

    @Test
    void shouldRefuseWhenNotOneWellDelimitedObject()
    {
        for (final String bad : new String[] {
            "", "   ", "garbage", "[1,2]", "\"type\"", "{", "}", "{\"type\"}", "{\"type\":}", "{\"type\" \"join\"}",
            "{\"type\":\"join\"", "{\"type\":\"jo", "{\"type\":\"join\",}", "{\"type\":\"join\"}}", "{\"type\":\"join\"} x",
            "{\"data\":{\"a\":1}", "{\"data\":{\"s\":\"}\"}", "{\"data\":\"\\\"}", "{type:\"join\"}", "{\"a\":1 2}"})
        {
            assertFalse(scan(utf8(bad)), bad);
        }
    }

    @Test
    void shouldScanOnlyWithinRangeWhenBufferHoldsMore()
    {
        final ByteBuf buf = utf8("xx{\"type\":\"join\",\"room\":\"r\"}yy");
        assertTrue(fields.scan(buf, 2, buf.writerIndex() - 2));
        assertEquals("\"r\"", span(buf, fields.roomFrom, fields.roomTo));
        assertFalse(fields.scan(buf, 2, buf.writerIndex() - 3));
    }

    @Test
    void shouldMatchValueExactlyWhenComparingNames()
    {
        final ByteBuf buf = utf8("\"join\"\"joined\"");
        assertTrue(CommandFields.is(buf, 0, 6, LoadMessages.ascii("\"join\"")));
        assertFalse(CommandFields.is(buf, 6, 14, LoadMessages.ascii("\"join\"")));
        assertFalse(CommandFields.is(buf, CommandFields.ABSENT, CommandFields.ABSENT, LoadMessages.ascii("\"join\"")));
    }
}
