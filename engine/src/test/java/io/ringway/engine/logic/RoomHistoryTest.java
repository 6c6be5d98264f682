package io.ringway.engine.logic;

import io.ringway.codec.ErrorCode;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkEventDecoder;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.HistoryConfig;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.ringway.engine.LinkTestSupport.join;
import static io.ringway.engine.LinkTestSupport.leave;
import static io.ringway.engine.LinkTestSupport.publish;
import static io.ringway.engine.LinkTestSupport.sessionOpen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Message lifecycle, history, dedupe and resume, through {@link BusinessLogic}'s commands and events. */
class RoomHistoryTest
{
    private static final int GW = 1;
    private static final long START_TS_MS = 1_700_000_000_000L;
    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final long CAROL = 3;

    /** One decoded event, only the fields these tests look at. */
    record Seen(int type, long sessionId, long seq, long msgId, long ts, long changedTs, int state, String from, String data,
                long[] recipients, int errorWireId, long epoch, long latest, long oldest, int backlog, int status, int flags,
                List<String> entries)
    {
        @Override
        public String toString()
        {
            return LinkType.name(type) + "{session=" + sessionId + ", seq=" + seq + ", msgId=" + msgId + ", state=" + state +
                ", from=" + from + ", data=" + data + ", recipients=" + Arrays.toString(recipients) + ", error=" + errorWireId +
                ", epoch=" + epoch + ", latest=" + latest + ", oldest=" + oldest + ", backlog=" + backlog + ", status=" + status +
                ", flags=" + flags + ", entries=" + entries + "}";
        }
    }

    private final List<Seen> events = new ArrayList<>();
    private final OutboundSink capture = (gatewayId, buffer, offset, length) -> events.add(decode(buffer, offset, length));
    private HistoryConfig config = new HistoryConfig(5, 1_000);
    private BusinessLogic logic = new BusinessLogic(capture, 10, config);
    private long sequence;
    private long timestampMs = START_TS_MS;

    private void apply(final byte[] command)
    {
        applyTo(logic, ++sequence, timestampMs += 10, command);
    }

    private static void applyTo(final BusinessLogic target, final long sequence, final long timestampMs, final byte[] command)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[command.length + 16]);
        buffer.putBytes(8, command);
        target.apply(sequence, timestampMs, buffer, 8, command.length);
    }

    private List<Seen> drain()
    {
        final List<Seen> drained = new ArrayList<>(events);
        events.clear();
        return drained;
    }

    private void setUpRoom()
    {
        apply(sessionOpen(GW, ALICE, "alice"));
        apply(sessionOpen(GW, BOB, "bob"));
        apply(join(GW, ALICE, "", "lobby"));
        apply(join(GW, BOB, "", "lobby"));
        drain();
    }

    /** Publishes and returns the journal sequence the PUBLISH had. */
    private long publishAs(final long session, final String data)
    {
        apply(publish(GW, session, "\"p\"", "lobby", data));
        drain();
        return sequence;
    }

    static byte[] historyCommand(
        final int type, final long session, final String corrId, final String room, final String clientMsgId,
        final long seq, final long epoch, final int limit, final int mode, final String data)
    {
        return historyCommandOn(GW, type, session, corrId, room, clientMsgId, seq, epoch, limit, mode, data);
    }

    static byte[] historyCommandOn(
        final int gateway, final int type, final long session, final String corrId, final String room, final String clientMsgId,
        final long seq, final long epoch, final int limit, final int mode, final String data)
    {
        final UnsafeBuffer corr = bytes(corrId);
        final UnsafeBuffer name = bytes(room);
        final UnsafeBuffer client = bytes(clientMsgId);
        final UnsafeBuffer body = bytes(data);
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        out.checkLimit(LinkCommandEncoder.encodedLength(type, corr.capacity(), name.capacity(), client.capacity(), body.capacity()));
        final int length = LinkCommandEncoder.encodeHistoryCommand(out, 0, type, gateway, session,
            corr, 0, corr.capacity(), name, 0, name.capacity(), client, 0, client.capacity(),
            seq, epoch, limit, mode, body, 0, body.capacity());
        return Arrays.copyOf(out.byteArray(), length);
    }

    static byte[] edit(final long session, final long seq, final String data)
    {
        return historyCommand(LinkType.EDIT, session, "\"e\"", "lobby", null, seq, 0, 0, 0, data);
    }

    static byte[] delete(final long session, final long seq)
    {
        return historyCommand(LinkType.DELETE, session, "\"d\"", "lobby", null, seq, 0, 0, 0, null);
    }

    static byte[] history(final long session, final long anchor, final int limit, final int mode)
    {
        return historyCommand(LinkType.HISTORY, session, "\"h\"", "lobby", null, anchor, 0, limit, mode, null);
    }

    static byte[] joinResume(final long session, final long since, final long epoch, final int last)
    {
        return historyCommand(LinkType.JOIN_RESUME, session, "\"j\"", "lobby", null, since, epoch, last, 0, null);
    }

    static byte[] publishOnce(final long session, final String clientMsgId, final String data)
    {
        return historyCommand(LinkType.PUBLISH_ONCE, session, "\"p\"", "lobby", clientMsgId, -1, 0, 0, 0, data);
    }

    private static UnsafeBuffer bytes(final String value)
    {
        return new UnsafeBuffer(value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    static Seen decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] raw = new byte[length];
        buffer.getBytes(offset, raw);
        final LinkEventDecoder d = new LinkEventDecoder();
        if (!d.wrap(new UnsafeBuffer(raw), 0, length))
        {
            throw new AssertionError("malformed event " + Arrays.toString(raw));
        }
        final long[] recipients = new long[d.recipientCount()];
        for (int i = 0; i < recipients.length; i++)
        {
            recipients[i] = d.recipient(i);
        }
        final int type = d.type();
        final boolean entry = type == LinkType.ROOM_EDIT || type == LinkType.ROOM_DELETE || type == LinkType.ROOM_BACKLOG ||
            type == LinkType.ROOM_MESSAGE;
        final List<String> entries = new ArrayList<>();
        if (type == LinkType.HISTORY_REPLY)
        {
            int p = d.membersOffset();
            for (int i = 0; i < d.entryCount(); i++)
            {
                final DirectBuffer b = d.buffer();
                final int state = LinkEventDecoder.historyEntryState(b, p);
                entries.add(LinkEventDecoder.historyEntrySeq(b, p) + ":" +
                    b.getStringWithoutLengthUtf8(LinkEventDecoder.historyEntryFromOffset(p), LinkEventDecoder.historyEntryFromLength(b, p)) +
                    ":" + (state == LinkEventEncoder.ENTRY_DELETED ? "deleted" :
                    b.getStringWithoutLengthUtf8(LinkEventDecoder.historyEntryDataOffset(b, p), LinkEventDecoder.historyEntryDataLength(b, p)) +
                        (state == LinkEventEncoder.ENTRY_EDITED ? "(edited)" : "")) +
                    ":" + LinkEventDecoder.historyEntryMsgId(b, p));
                p = LinkEventDecoder.nextHistoryEntry(b, p);
            }
        }
        return new Seen(type, d.sessionId(), d.seq(), d.msgId(), d.timestampMs(), d.changedTimestampMs(), d.state(),
            entry ? d.from() : null, entry ? d.data() : null, recipients, d.errorWireId(),
            d.epoch(), d.latestSeq(), d.oldestSeq(), d.backlogCount(), d.status(), d.flags(), entries);
    }

    private static Seen only(final List<Seen> seen, final int type)
    {
        final List<Seen> matching = seen.stream().filter(e -> e.type() == type).toList();
        assertEquals(1, matching.size(), () -> "one " + LinkType.name(type) + " in " + seen);
        return matching.get(0);
    }

    // ---------------------------------------------------------------- ids, edit, delete

    @Test
    void shouldGiveEachMessageTheJournalSequenceOfItsPublishAsMessageIdWhenPublished()
    {
        setUpRoom();
        apply(publish(GW, ALICE, "\"p\"", "lobby", "\"one\""));
        final long publishSequence = sequence;
        final Seen message = only(drain(), LinkType.ROOM_MESSAGE);
        assertEquals(publishSequence, message.msgId());
        assertEquals(1, message.seq());

        apply(history(BOB, -1, 10, 0));
        assertEquals(List.of("1:alice:\"one\":" + publishSequence), only(drain(), LinkType.HISTORY_REPLY).entries());
    }

    @Test
    void shouldBroadcastEditToTheRoomAndAckTheAuthorWhenTheAuthorEdits()
    {
        setUpRoom();
        final long msgId = publishAs(ALICE, "\"draft\"");
        apply(edit(ALICE, 1, "\"final\""));
        final long editTs = timestampMs;
        final List<Seen> seen = drain();
        final Seen edited = only(seen, LinkType.ROOM_EDIT);
        assertEquals(1, edited.seq());
        assertEquals(msgId, edited.msgId());
        assertEquals("\"final\"", edited.data());
        assertEquals("alice", edited.from());
        assertEquals(editTs, edited.changedTs());
        assertEquals(LinkEventEncoder.ENTRY_EDITED, edited.state());
        assertTrue(Arrays.equals(new long[] {ALICE, BOB}, edited.recipients()), edited::toString);
        final Seen ack = only(seen, LinkType.ACK);
        assertEquals(ALICE, ack.sessionId());
        assertEquals(1, ack.seq());

        apply(history(BOB, -1, 10, 0));
        assertEquals(List.of("1:alice:\"final\"(edited):" + msgId), only(drain(), LinkType.HISTORY_REPLY).entries());
    }

    @Test
    void shouldRefuseEditAndDeleteWithNotAuthorWhenAnotherMemberTries()
    {
        setUpRoom();
        publishAs(ALICE, "\"mine\"");
        apply(edit(BOB, 1, "\"yours now\""));
        assertEquals(ErrorCode.NOT_AUTHOR.wireId(), only(drain(), LinkType.ERROR).errorWireId());
        apply(delete(BOB, 1));
        final List<Seen> seen = drain();
        assertEquals(1, seen.size(), seen::toString);
        assertEquals(ErrorCode.NOT_AUTHOR.wireId(), only(seen, LinkType.ERROR).errorWireId());
    }

    @Test
    void shouldReplaceMessageWithTombstoneAndRefuseLaterEditsWhenAuthorDeletes()
    {
        setUpRoom();
        final long msgId = publishAs(ALICE, "\"oops\"");
        apply(delete(ALICE, 1));
        final List<Seen> seen = drain();
        final Seen deleted = only(seen, LinkType.ROOM_DELETE);
        assertEquals(LinkEventEncoder.ENTRY_DELETED, deleted.state());
        assertEquals("", deleted.data());
        assertEquals(1, only(seen, LinkType.ACK).seq());

        apply(edit(ALICE, 1, "\"back\""));
        assertEquals(ErrorCode.NOT_FOUND.wireId(), only(drain(), LinkType.ERROR).errorWireId());
        apply(history(BOB, -1, 10, 0));
        assertEquals(List.of("1:alice:deleted:" + msgId), only(drain(), LinkType.HISTORY_REPLY).entries());
    }

    @Test
    void shouldReplyNotFoundForUnknownSeqAndHistoryUnavailableForEvictedOne()
    {
        setUpRoom();
        for (int i = 1; i <= 7; i++)
        {
            publishAs(ALICE, "\"m" + i + "\"");
        }
        apply(edit(ALICE, 8, "\"x\""));
        assertEquals(ErrorCode.NOT_FOUND.wireId(), only(drain(), LinkType.ERROR).errorWireId());
        apply(edit(ALICE, 2, "\"x\"")); // 5 kept: 3..7
        assertEquals(ErrorCode.HISTORY_UNAVAILABLE.wireId(), only(drain(), LinkType.ERROR).errorWireId());
        apply(delete(ALICE, 3));
        assertEquals(LinkType.ROOM_DELETE, drain().get(0).type());
    }

    @Test
    void shouldReplyNotMemberWhenEditingInARoomNotJoined()
    {
        setUpRoom();
        publishAs(ALICE, "\"m\"");
        apply(sessionOpen(GW, CAROL, "carol"));
        drain();
        apply(edit(CAROL, 1, "\"x\""));
        assertEquals(ErrorCode.NOT_MEMBER.wireId(), only(drain(), LinkType.ERROR).errorWireId());
        apply(history(CAROL, -1, 10, 0));
        assertEquals(ErrorCode.NOT_MEMBER.wireId(), only(drain(), LinkType.ERROR).errorWireId());
    }

    // ---------------------------------------------------------------- dedupe

    @Test
    void shouldAckARetryWithTheOriginalSeqAndNotDeliverItAgainWithinTheWindow()
    {
        setUpRoom();
        apply(publishOnce(ALICE, "c-1", "\"hi\""));
        final List<Seen> first = drain();
        assertEquals(1, only(first, LinkType.ROOM_MESSAGE).seq());
        publishAs(BOB, "\"between\"");

        apply(publishOnce(ALICE, "c-1", "\"hi\""));
        final List<Seen> retry = drain();
        assertEquals(1, retry.size(), retry::toString);
        assertEquals(1, only(retry, LinkType.ACK).seq());

        apply(publishOnce(BOB, "c-1", "\"another user, same id\""));
        assertEquals(3, only(drain(), LinkType.ROOM_MESSAGE).seq());
    }

    @Test
    void shouldDeliverTheSameClientIdAgainWhenTheWindowHasPassed()
    {
        setUpRoom();
        apply(publishOnce(ALICE, "c-1", "\"hi\""));
        drain();
        timestampMs += 1_000; // the window (1,000 ms of journal time) is over
        apply(publishOnce(ALICE, "c-1", "\"hi\""));
        assertEquals(2, only(drain(), LinkType.ROOM_MESSAGE).seq());
    }

    // ---------------------------------------------------------------- history

    @Test
    void shouldPageBeforeAndAfterWithLimitAndOrderWhenHistoryIsQueried()
    {
        setUpRoom();
        final long[] ids = new long[6];
        for (int i = 1; i <= 5; i++)
        {
            ids[i] = publishAs(i % 2 == 0 ? BOB : ALICE, "\"m" + i + "\"");
        }
        apply(history(BOB, 5, 2, 0)); // before 5, newest first
        Seen reply = only(drain(), LinkType.HISTORY_REPLY);
        assertEquals(List.of("4:bob:\"m4\":" + ids[4], "3:alice:\"m3\":" + ids[3]), reply.entries());
        assertEquals(LinkEventEncoder.HISTORY_MORE, reply.flags());

        apply(history(BOB, 2, 2, LinkCommandEncoder.HISTORY_AFTER | LinkCommandEncoder.HISTORY_OLDEST_FIRST));
        reply = only(drain(), LinkType.HISTORY_REPLY);
        assertEquals(List.of("3:alice:\"m3\":" + ids[3], "4:bob:\"m4\":" + ids[4]), reply.entries());
        assertEquals(LinkEventEncoder.HISTORY_MORE, reply.flags());

        apply(history(BOB, 3, 10, LinkCommandEncoder.HISTORY_AFTER));
        reply = only(drain(), LinkType.HISTORY_REPLY);
        assertEquals(List.of("5:alice:\"m5\":" + ids[5], "4:bob:\"m4\":" + ids[4]), reply.entries());
        assertEquals(0, reply.flags());
        assertEquals(5, reply.latest());
        assertEquals(1, reply.oldest());
    }

    @Test
    void shouldHandAQueryOlderThanMemoryToTheFallbackAndEmitNothingWhenMoreThanTheBoundArePublished()
    {
        final List<String> handedOff = new ArrayList<>();
        logic.historyFallback((gatewayId, sessionId, querySequence, room, roomOffset, roomLength, corrId, corrIdOffset, corrIdLength,
            lo, hi, mode, flags, oldestKept, latestSeq) -> handedOff.add(gatewayId + "/" + sessionId + " at " + querySequence + " " +
            room.getStringWithoutLengthUtf8(roomOffset, roomLength) + " " + corrId.getStringWithoutLengthUtf8(corrIdOffset, corrIdLength) +
            " " + lo + ".." + hi + " mode " + mode + " flags " + flags + " kept " + oldestKept + ".." + latestSeq));
        setUpRoom();
        for (int i = 1; i <= 12; i++)
        {
            publishAs(ALICE, "\"m" + i + "\"");
        }
        apply(history(BOB, -1, 4, 0)); // 9..12: in memory
        assertEquals(4, only(drain(), LinkType.HISTORY_REPLY).entries().size());
        assertEquals(List.of(), handedOff);

        apply(history(BOB, -1, 10, LinkCommandEncoder.HISTORY_OLDEST_FIRST)); // 3..12: 3..7 are gone
        assertEquals(List.of(), drain());
        assertEquals(List.of(GW + "/" + BOB + " at " + sequence + " lobby \"h\" 3..12 mode 2 flags 1 kept 8..12"), handedOff);
    }

    @Test
    void shouldEmitTheSameDigestWhetherOrNotAFallbackServesOldQueries()
    {
        final BusinessLogic withFallback = new BusinessLogic(OutboundSink.DISCARD, 10, config);
        withFallback.historyFallback((gatewayId, sessionId, querySequence, room, roomOffset, roomLength, corrId, corrIdOffset,
            corrIdLength, lo, hi, mode, flags, oldestKept, latestSeq) -> { });
        final BusinessLogic without = new BusinessLogic(OutboundSink.DISCARD, 10, config);
        final List<byte[]> commands = new ArrayList<>(List.of(
            sessionOpen(GW, ALICE, "alice"), join(GW, ALICE, "", "lobby")));
        for (int i = 0; i < 9; i++)
        {
            commands.add(publish(GW, ALICE, "", "lobby", "\"m\""));
        }
        commands.add(history(ALICE, -1, 9, 0));
        long seq = 0;
        for (final byte[] command : commands)
        {
            seq++;
            applyTo(withFallback, seq, START_TS_MS + seq, command);
            applyTo(without, seq, START_TS_MS + seq, command);
        }
        assertEquals(without.digest(), withFallback.digest());
    }

    @Test
    void shouldKeepEveryKeptMessageIntactWhenMessagesOfManySizesAreEditedAndEvicted()
    {
        config = new HistoryConfig(7, 0);
        logic = new BusinessLogic(capture, 10, config);
        setUpRoom();
        final List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 300; i++)
        {
            final String body = "\"" + "x".repeat((i * 37) % 900) + i + "\"";
            publishAs(i % 3 == 0 ? BOB : ALICE, body);
            expected.add(body);
            if (i % 4 == 0)
            {
                final long target = i - 2;
                final String edited = "\"edit" + "y".repeat((i * 53) % 1500) + "\"";
                apply(edit(target % 3 == 0 ? BOB : ALICE, target, edited));
                drain();
                expected.set((int)target - 1, edited + "(edited)");
            }
        }
        apply(history(BOB, -1, 7, LinkCommandEncoder.HISTORY_OLDEST_FIRST));
        final Seen reply = only(drain(), LinkType.HISTORY_REPLY);
        assertEquals(7, reply.entries().size());
        for (int k = 0; k < 7; k++)
        {
            final int seq = 294 + k;
            final String entry = reply.entries().get(k);
            final String body = entry.substring(entry.indexOf(':', entry.indexOf(':') + 1) + 1, entry.lastIndexOf(':'));
            assertEquals(expected.get(seq - 1), body, "seq " + seq);
        }
    }

    // ---------------------------------------------------------------- resume and backlog

    @Test
    void shouldSendEveryMessageAfterSinceInOrderThenTheAckWhenAJoinResumes()
    {
        setUpRoom();
        for (int i = 1; i <= 4; i++)
        {
            publishAs(ALICE, "\"m" + i + "\"");
        }
        apply(edit(ALICE, 3, "\"m3 edited\""));
        apply(delete(ALICE, 4));
        apply(sessionOpen(GW, CAROL, "bob")); // bob's second connection
        drain();
        apply(joinResume(CAROL, 2, 0, 0));
        final List<Seen> seen = drain();
        assertEquals(List.of(LinkType.ROOM_BACKLOG, LinkType.ROOM_BACKLOG, LinkType.JOIN_ACK),
            seen.stream().map(Seen::type).toList(), seen::toString);
        assertEquals(3, seen.get(0).seq());
        assertEquals("\"m3 edited\"", seen.get(0).data());
        assertEquals(LinkEventEncoder.ENTRY_EDITED, seen.get(0).state());
        assertEquals(4, seen.get(1).seq());
        assertEquals(LinkEventEncoder.ENTRY_DELETED, seen.get(1).state());
        assertTrue(Arrays.equals(new long[] {CAROL}, seen.get(0).recipients()));
        final Seen ack = seen.get(2);
        assertEquals(LinkEventEncoder.RESUME_RECOVERED, ack.status());
        assertEquals(4, ack.latest());
        assertEquals(2, ack.backlog());

        publishAs(ALICE, "\"live\"");
        apply(publish(GW, ALICE, "\"p\"", "lobby", "\"live 2\""));
        final Seen live = only(drain(), LinkType.ROOM_MESSAGE);
        assertEquals(6, live.seq()); // no gap, no duplicate at the seam: 3, 4 from the backlog, then 5, 6 live
        assertTrue(Arrays.equals(new long[] {ALICE, BOB, CAROL}, live.recipients()), live::toString);
    }

    @Test
    void shouldAnswerAnEmptyFinalPageWhenAfterIsAtOrPastTheLatestSeqUpToTheLargestLong()
    {
        setUpRoom();
        for (int i = 1; i <= 3; i++)
        {
            publishAs(ALICE, "\"m" + i + "\"");
        }
        for (final long after : new long[] {3, 4, Long.MAX_VALUE - 1, Long.MAX_VALUE})
        {
            apply(history(BOB, after, 10, LinkCommandEncoder.HISTORY_AFTER));
            final Seen reply = only(drain(), LinkType.HISTORY_REPLY);
            assertEquals(List.of(), reply.entries(), "after " + after);
            assertEquals(0, reply.flags(), "after " + after + ": nothing more");
        }
        apply(history(BOB, 2, 10, LinkCommandEncoder.HISTORY_AFTER));
        assertEquals(1, only(drain(), LinkType.HISTORY_REPLY).entries().size());
    }

    @Test
    void shouldCutHistoryPagesAndBacklogsAtTheirByteBudgetsWhenMessagesAreLarge()
    {
        logic = new BusinessLogic(capture, 10, RoomLimits.DEFAULTS, new HistoryConfig(200, 1_000));
        setUpRoom();
        final String big = "\"" + "x".repeat(60_000) + "\"";
        final int published = 160; // 9.6 MB: more than a join's backlog may be
        for (int i = 1; i <= published; i++)
        {
            publishAs(ALICE, big);
        }
        final int perPage = 17; // the most 60 KB messages 1 MiB holds
        final int perBacklog = LinkEventEncoder.MAX_BACKLOG_BYTES / LinkEventEncoder.roomEntryLength(1, 5, 5, big.length());

        apply(history(BOB, -1, 500, 0)); // the newest, newest first: cut, with more
        Seen reply = only(drain(), LinkType.HISTORY_REPLY);
        assertEquals(perPage, reply.entries().size());
        assertEquals(published, seqOf(reply.entries().get(0)));
        assertEquals(published - perPage + 1, seqOf(reply.entries().get(perPage - 1)));
        assertEquals(LinkEventEncoder.HISTORY_MORE, reply.flags());

        apply(history(BOB, published - perPage + 1, 500, 0)); // asked on from the last seq: the next ones, no gap
        reply = only(drain(), LinkType.HISTORY_REPLY);
        assertEquals(published - perPage, seqOf(reply.entries().get(0)));
        assertEquals(perPage, reply.entries().size());

        apply(history(BOB, 0, 500, LinkCommandEncoder.HISTORY_AFTER | LinkCommandEncoder.HISTORY_OLDEST_FIRST));
        reply = only(drain(), LinkType.HISTORY_REPLY);
        assertEquals(1, seqOf(reply.entries().get(0)), "after 0: the oldest first, cut at the far end");
        assertEquals(perPage, seqOf(reply.entries().get(perPage - 1)));
        assertEquals(LinkEventEncoder.HISTORY_MORE, reply.flags());

        apply(sessionOpen(GW, CAROL, "carol"));
        drain();
        apply(joinResume(CAROL, -1, 0, 1_000)); // last 1,000: the newest that fit
        List<Seen> seen = drain().stream().filter(e -> e.type() != LinkType.ROOM_PRESENCE).toList();
        assertEquals(perBacklog + 1, seen.size());
        assertEquals(published - perBacklog + 1, seen.get(0).seq());
        assertEquals(perBacklog, seen.get(perBacklog).backlog());

        apply(leave(GW, CAROL, "", "lobby"));
        drain();
        apply(joinResume(CAROL, 0, 0, 0)); // since 0: 160 messages are too many bytes to send at once
        seen = drain().stream().filter(e -> e.type() != LinkType.ROOM_PRESENCE).toList();
        assertEquals(1, seen.size(), seen.toString());
        assertEquals(LinkEventEncoder.RESUME_TOO_OLD, seen.get(0).status());
        apply(joinResume(CAROL, published - perBacklog, 0, 0)); // since within the budget: recovered, in full
        seen = drain().stream().filter(e -> e.type() != LinkType.ROOM_PRESENCE).toList();
        assertEquals(LinkEventEncoder.RESUME_RECOVERED, seen.get(seen.size() - 1).status());
        assertEquals(perBacklog, seen.get(seen.size() - 1).backlog());
    }

    private static long seqOf(final String entry)
    {
        return Long.parseLong(entry.substring(0, entry.indexOf(':')));
    }

    @Test
    void shouldSendTheLastNMessagesWhenAJoinAsksForThem()
    {
        setUpRoom();
        for (int i = 1; i <= 4; i++)
        {
            publishAs(ALICE, "\"m" + i + "\"");
        }
        apply(sessionOpen(GW, CAROL, "carol"));
        drain();
        apply(joinResume(CAROL, -1, 0, 3));
        final List<Seen> seen = drain().stream().filter(e -> e.type() != LinkType.ROOM_PRESENCE).toList();
        assertEquals(List.of(2L, 3L, 4L, 4L), seen.stream().map(e -> e.type() == LinkType.JOIN_ACK ? e.latest() : e.seq()).toList());
        assertEquals(LinkEventEncoder.RESUME_NONE, seen.get(3).status());
    }

    @Test
    void shouldAnswerEpochMismatchAndTooOldWithoutBacklogWhenResumeIsImpossible()
    {
        setUpRoom();
        for (int i = 1; i <= 8; i++)
        {
            publishAs(ALICE, "\"m" + i + "\"");
        }
        apply(joinResume(BOB, 7, 0, 0));
        final Seen ack = only(drain(), LinkType.JOIN_ACK);
        final long epoch = ack.epoch();
        assertNotEquals(0, epoch);

        apply(joinResume(BOB, 7, epoch + 1, 0));
        List<Seen> seen = drain();
        assertEquals(1, seen.size(), seen::toString);
        assertEquals(LinkEventEncoder.RESUME_EPOCH_MISMATCH, seen.get(0).status());

        apply(joinResume(BOB, 9, epoch, 0)); // a seq the room never had: another journal's
        assertEquals(LinkEventEncoder.RESUME_EPOCH_MISMATCH, only(drain(), LinkType.JOIN_ACK).status());

        apply(joinResume(BOB, 2, epoch, 0)); // 4..8 kept: 3 is gone
        seen = drain();
        assertEquals(1, seen.size(), seen::toString);
        assertEquals(LinkEventEncoder.RESUME_TOO_OLD, seen.get(0).status());
        assertEquals(4, seen.get(0).oldest());

        apply(joinResume(BOB, 3, epoch, 0)); // 4..8: everything after 3 is kept
        assertEquals(5, drain().stream().filter(e -> e.type() == LinkType.ROOM_BACKLOG).count());
    }

    @Test
    void shouldGiveTheRoomAnotherEpochWhenTheJournalStartsOver()
    {
        setUpRoom();
        apply(joinResume(ALICE, 0, 0, 0));
        final long epoch = only(drain(), LinkType.JOIN_ACK).epoch();

        logic = new BusinessLogic(capture, 10, config);
        sequence = 0;
        timestampMs += 60_000;
        setUpRoom();
        apply(joinResume(ALICE, 0, 0, 0));
        assertNotEquals(epoch, only(drain(), LinkType.JOIN_ACK).epoch());
    }

    // ---------------------------------------------------------------- determinism and allocation

    @Test
    void shouldProduceTheSameEventsAndDigestWhenTheSameHistoryCommandsAreReplayed()
    {
        final List<byte[]> commands = new ArrayList<>();
        commands.add(sessionOpen(GW, ALICE, "alice"));
        commands.add(sessionOpen(GW, BOB, "bob"));
        commands.add(join(GW, ALICE, "", "lobby"));
        commands.add(joinResume(BOB, -1, 0, 5));
        for (int i = 1; i <= 9; i++)
        {
            commands.add(publishOnce(i % 2 == 0 ? ALICE : BOB, "id-" + i, "\"m" + i + "\""));
        }
        commands.add(publishOnce(BOB, "id-9", "\"m9\"")); // a retry
        commands.add(edit(ALICE, 6, "\"e\""));
        commands.add(delete(BOB, 7));
        commands.add(history(ALICE, -1, 3, 0));
        commands.add(joinResume(ALICE, 5, 0, 0));

        final List<List<Seen>> runs = new ArrayList<>();
        final long[] digests = new long[2];
        for (int run = 0; run < 2; run++)
        {
            events.clear();
            final BusinessLogic fresh = new BusinessLogic(capture, 10, config);
            long seq = 0;
            for (final byte[] command : commands)
            {
                applyTo(fresh, ++seq, START_TS_MS + seq * 100, command);
            }
            runs.add(new ArrayList<>(events));
            digests[run] = fresh.digest();
        }
        assertEquals(runs.get(0).toString(), runs.get(1).toString());
        assertEquals(digests[0], digests[1]);
        assertTrue(runs.get(0).stream().anyMatch(e -> e.type() == LinkType.ROOM_EDIT));
    }

    @Test
    void shouldNotAllocateOnPublishWithHistoryAndClientIdsAfterWarmUp()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported())
        {
            throw new AssertionError("thread allocation accounting is not supported by this JVM");
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        final long[] eventCount = new long[1];
        final BusinessLogic target = new BusinessLogic((gatewayId, buffer, offset, length) -> eventCount[0]++, 10,
            new HistoryConfig(100, 50));
        long seq = 0;
        for (int s = 1; s <= 4; s++)
        {
            applyTo(target, ++seq, START_TS_MS, sessionOpen(GW, s, "member" + s));
            applyTo(target, ++seq, START_TS_MS, join(GW, s, "", "hot-room"));
        }
        // 64 client ids in turn, one publish per ms and a 50 ms window: every id has expired when it comes round again.
        final UnsafeBuffer[] commands = new UnsafeBuffer[64];
        for (int i = 0; i < commands.length; i++)
        {
            final byte[] command = historyCommand(LinkType.PUBLISH_ONCE, 2, "\"c\"", "hot-room", "client-id-" + i, -1, 0, 0, 0,
                "{\"text\":\"a realistic chat message body\"}");
            commands[i] = new UnsafeBuffer(command);
        }
        long ts = START_TS_MS;
        int next = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final UnsafeBuffer command = commands[next++ & 63];
            target.apply(++seq, ++ts, command, 0, command.capacity());
        }
        final long overhead = -threads.getCurrentThreadAllocatedBytes() + threads.getCurrentThreadAllocatedBytes();
        long fewestBytes = Long.MAX_VALUE;
        for (int round = 0; round < 5 && fewestBytes != 0; round++)
        {
            final long eventsBefore = eventCount[0];
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++)
            {
                final UnsafeBuffer command = commands[next++ & 63];
                target.apply(++seq, ++ts, command, 0, command.capacity());
            }
            final long after = threads.getCurrentThreadAllocatedBytes();
            assertEquals(20_000, eventCount[0] - eventsBefore, "one room message and one ack per publish");
            fewestBytes = Math.min(fewestBytes, after - before - overhead);
        }
        assertEquals(0L, fewestBytes, "bytes allocated by 10,000 deduplicated publishes kept in history, fewest of five rounds");
    }
}
