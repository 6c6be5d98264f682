package io.ringway.engine.logic;

import io.ringway.codec.link.LinkEventEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageLogTest
{
    private static final UnsafeBuffer ALICE = utf8("alice");

    private static UnsafeBuffer utf8(final String s)
    {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String data(final MessageLog log, final long seq)
    {
        return log.bytes().getStringWithoutLengthUtf8(log.dataOffset(seq), log.dataLength(seq));
    }

    private static void append(final MessageLog log, final long seq, final String data)
    {
        final UnsafeBuffer body = utf8(data);
        log.append(seq, 100 + seq, 1000 + seq, ALICE, 0, ALICE.capacity(), body, 0, body.capacity());
    }

    @Test
    void shouldKeepOnlyTheNewestLimitMessagesOldestFirstOutWhenMoreAreAppended()
    {
        final MessageLog log = new MessageLog(3);
        for (long seq = 1; seq <= 10; seq++)
        {
            append(log, seq, "m" + seq);
            assertTrue(log.size() <= 3);
        }
        assertEquals(8, log.oldestSeq());
        assertEquals(10, log.latestSeq());
        assertFalse(log.contains(7));
        assertEquals("m8", data(log, 8));
        assertEquals(108, log.msgId(8));
        assertTrue(log.isAuthor(8, "alice".getBytes(StandardCharsets.UTF_8)));
        assertFalse(log.isAuthor(8, "alicia".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldGiveBackMemoryAndKeepTheNewestIntactWhenTheLimitIsLowered()
    {
        final MessageLog log = new MessageLog(1_000);
        for (long seq = 1; seq <= 1_000; seq++)
        {
            append(log, seq, "m" + seq + "-" + "x".repeat(200));
        }
        assertTrue(log.byteCapacity() >= 200_000, "a thousand 200-byte messages: " + log.byteCapacity());

        log.limit(2);
        assertEquals(999, log.oldestSeq());
        assertEquals(2, log.size());
        assertTrue(log.byteCapacity() <= 4096, "the evicted messages' bytes are given back: " + log.byteCapacity());
        assertEquals("m999-" + "x".repeat(200), data(log, 999));
        assertEquals("m1000-" + "x".repeat(200), data(log, 1000));
        assertEquals(1_000 + 100, log.msgId(1000));

        for (long seq = 1_001; seq <= 1_010; seq++) // and it goes on as a log of 2
        {
            append(log, seq, "n" + seq);
        }
        assertEquals(1_009, log.oldestSeq());
        assertEquals("n1009", data(log, 1_009));
        assertEquals("n1010", data(log, 1_010));

        log.limit(0);
        assertEquals(0, log.size());
        log.limit(3); // back up from nothing
        append(log, 1_011, "after");
        assertEquals("after", data(log, 1_011));
        assertEquals(1, log.size());
    }

    @Test
    void shouldKeepTheRingBoundedWhenTheOldestMessageIsEditedOverAndOver()
    {
        final MessageLog log = new MessageLog(4);
        for (long seq = 1; seq <= 4; seq++)
        {
            append(log, seq, "m" + seq);
        }
        int largest = 0;
        for (int i = 0; i < 100_000; i++)
        {
            final UnsafeBuffer body = utf8("edit number " + i);
            log.edit(1, 5000 + i, body, 0, body.capacity());
            largest = Math.max(largest, log.byteCapacity());
        }
        assertEquals("edit number 99999", data(log, 1));
        assertEquals(LinkEventEncoder.ENTRY_EDITED, log.state(1));
        assertEquals("m4", data(log, 4));
        assertTrue(largest <= 4096, "ring grew to " + largest + " bytes for four short messages");
    }

    @Test
    void shouldKeepNothingButTheSeqWhenTheLimitIsZero()
    {
        final MessageLog log = new MessageLog(0);
        append(log, 1, "m1");
        append(log, 2, "m2");
        assertEquals(0, log.size());
        assertEquals(3, log.oldestSeq());
        assertFalse(log.contains(2));
    }

    @Test
    void shouldKeepTheAuthorButNotTheDataWhenAMessageIsDeleted()
    {
        final MessageLog log = new MessageLog(2);
        append(log, 1, "secret");
        log.delete(1, 2000);
        assertEquals(LinkEventEncoder.ENTRY_DELETED, log.state(1));
        assertEquals(0, log.dataLength(1));
        assertEquals(2000, log.changedTimestamp(1));
        assertTrue(log.isAuthor(1, "alice".getBytes(StandardCharsets.UTF_8)));
    }
}
