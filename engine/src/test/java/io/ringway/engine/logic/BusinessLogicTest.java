package io.ringway.engine.logic;

import io.ringway.codec.ErrorCode;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkEventDecoder;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.LinkTestSupport.Event;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.ringway.engine.LinkTestSupport.direct;
import static io.ringway.engine.LinkTestSupport.encode;
import static io.ringway.engine.LinkTestSupport.gatewayReset;
import static io.ringway.engine.LinkTestSupport.join;
import static io.ringway.engine.LinkTestSupport.leave;
import static io.ringway.engine.LinkTestSupport.presenceQuery;
import static io.ringway.engine.LinkTestSupport.publish;
import static io.ringway.engine.LinkTestSupport.sessionClose;
import static io.ringway.engine.LinkTestSupport.sessionOpen;
import static io.ringway.engine.LinkTestSupport.typing;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BusinessLogicTest
{
    private static final int GW1 = 1;
    private static final int GW2 = 2;
    private static final long NO_SEQ = LinkEventEncoder.NO_SEQ;
    private static final long START_TS_MS = 1_700_000_000_000L;

    private final List<Event> events = new ArrayList<>();
    private final OutboundSink capture = (gatewayId, buffer, offset, length) ->
    {
        final Event event = Event.decode(gatewayId, buffer, offset, length);
        assertEquals(gatewayId, event.headerGatewayId(), "event routed to the gateway in its header");
        events.add(event);
    };
    private BusinessLogic logic = new BusinessLogic(capture, 3);
    private long sequence;
    private long timestampMs = START_TS_MS;

    /** Applies a command placed at a non-zero offset in a larger buffer, with the next sequence and a later timestamp. */
    private void apply(final byte[] command)
    {
        applyTo(logic, ++sequence, timestampMs += 10, command);
    }

    private static void applyTo(final BusinessLogic target, final long sequence, final long timestampMs, final byte[] command)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[command.length + 23]);
        buffer.setMemory(0, buffer.capacity(), (byte)0xEE);
        buffer.putBytes(9, command);
        target.apply(sequence, timestampMs, buffer, 9, command.length);
    }

    private List<Event> drain()
    {
        final List<Event> drained = new ArrayList<>(events);
        events.clear();
        return drained;
    }

    private void applyAndIgnore(final byte[]... commands)
    {
        for (final byte[] command : commands)
        {
            apply(command);
        }
        events.clear();
    }

    private static void assertAck(final Event event, final int gatewayId, final long sessionId, final long seq, final String corrId)
    {
        assertEquals(LinkType.ACK, event.type(), event::toString);
        assertEquals(gatewayId, event.gatewayId(), event::toString);
        assertEquals(sessionId, event.sessionId(), event::toString);
        assertEquals(seq, event.seq(), event::toString);
        assertEquals(corrId, event.corrId(), event::toString);
    }

    private static void assertError(final Event event, final int gatewayId, final long sessionId, final ErrorCode code, final String corrId)
    {
        assertEquals(LinkType.ERROR, event.type(), event::toString);
        assertEquals(gatewayId, event.gatewayId(), event::toString);
        assertEquals(sessionId, event.sessionId(), event::toString);
        assertEquals(code.wireId(), event.errorWireId(), event::toString);
        assertEquals(corrId, event.corrId(), event::toString);
    }

    private static void assertRoomMessage(
        final Event event, final int gatewayId, final long seq, final String room, final String from, final String data,
        final long... recipients)
    {
        assertEquals(LinkType.ROOM_MESSAGE, event.type(), event::toString);
        assertEquals(gatewayId, event.gatewayId(), event::toString);
        assertEquals(0L, event.sessionId(), event::toString);
        assertEquals(seq, event.seq(), event::toString);
        assertEquals(room, event.room(), event::toString);
        assertEquals(from, event.from(), event::toString);
        assertEquals(data, event.data(), event::toString);
        assertArrayEquals(recipients, event.recipients(), event::toString);
    }

    private static void assertDirectMessage(
        final Event event, final int gatewayId, final String from, final String to, final String data, final long... recipients)
    {
        assertEquals(LinkType.DIRECT_MESSAGE, event.type(), event::toString);
        assertEquals(gatewayId, event.gatewayId(), event::toString);
        assertEquals(0L, event.sessionId(), event::toString);
        assertEquals(from, event.from(), event::toString);
        assertEquals(to, event.to(), event::toString);
        assertEquals(data, event.data(), event::toString);
        assertArrayEquals(recipients, event.recipients(), event::toString);
    }

    private static void assertPresence(
        final Event event, final int gatewayId, final int kind, final String room, final String user, final long... recipients)
    {
        assertEquals(LinkType.ROOM_PRESENCE, event.type(), event::toString);
        assertEquals(gatewayId, event.gatewayId(), event::toString);
        assertEquals(0L, event.sessionId(), event::toString);
        assertEquals(kind, event.kind(), event::toString);
        assertEquals(room, event.room(), event::toString);
        assertEquals(user, event.user(), event::toString);
        assertArrayEquals(recipients, event.recipients(), event::toString);
    }

    private static void assertTyping(
        final Event event, final int gatewayId, final boolean start, final String room, final String user, final long... recipients)
    {
        assertEquals(LinkType.ROOM_TYPING, event.type(), event::toString);
        assertEquals(gatewayId, event.gatewayId(), event::toString);
        assertEquals(start ? LinkCommandEncoder.TYPING_START : LinkCommandEncoder.TYPING_STOP, event.kind(), event::toString);
        assertEquals(room, event.room(), event::toString);
        assertEquals(user, event.user(), event::toString);
        assertArrayEquals(recipients, event.recipients(), event::toString);
    }

    private static void assertPresenceReply(
        final Event event, final int gatewayId, final long sessionId, final String corrId, final String room, final String... members)
    {
        assertEquals(LinkType.PRESENCE_REPLY, event.type(), event::toString);
        assertEquals(gatewayId, event.gatewayId(), event::toString);
        assertEquals(sessionId, event.sessionId(), event::toString);
        assertEquals(corrId, event.corrId(), event::toString);
        assertEquals(room, event.room(), event::toString);
        assertEquals(List.of(members), event.members(), event::toString);
    }

    // ---------------------------------------------------------------- join / publish / leave

    @Test
    void shouldApplyEngineSettingsFromTheEngineAndIgnoreThemFromAGateway()
    {
        final LogicSettings oneRoom = new LogicSettings(3, new RoomLimits(1, 10, 1_000, 0), io.ringway.engine.HistoryConfig.DEFAULTS);
        final byte[] fromAGateway = StateSnapshotTest.settingsCommand(oneRoom);
        fromAGateway[io.ringway.codec.link.LinkHeader.GATEWAY_ID_OFFSET] = 1;
        apply(fromAGateway);
        assertEquals(RoomLimits.DEFAULTS, logic.settings().roomLimits(), "only the engine's own, gateway 0, is applied");
        assertEquals(1, logic.rejectedCommands());

        apply(StateSnapshotTest.settingsCommand(oneRoom));
        assertEquals(oneRoom, logic.settings());
        applyAndIgnore(sessionOpen(1, 1, "alice"), join(1, 1, "\"j1\"", "first"));
        apply(join(1, 1, "\"j2\"", "second"));
        final List<Event> answer = drain();
        assertEquals(1, answer.size(), answer.toString());
        assertEquals(LinkType.ERROR, answer.get(0).type(), "the second room is one too many under the applied limit");
    }

    @Test
    void shouldStopRatherThanGuessWhenEngineSettingsAreOfANewerVersion()
    {
        final byte[] newer = StateSnapshotTest.settingsCommand(LogicSettings.DEFAULTS);
        newer[LinkHeader.LENGTH + 4] = 2; // the block's version byte, after the data length
        final IllegalStateException stopped = assertThrows(IllegalStateException.class, () -> apply(newer));
        assertTrue(stopped.getMessage().contains("is newer than this engine reads"), stopped.getMessage());
    }

    @Test
    void shouldAckWithNoSeqAndEchoCorrIdWhenSessionJoinsRoom()
    {
        apply(sessionOpen(GW1, 1, "alice"));
        assertEquals(List.of(), drain(), "opening a session with an empty inbox emits nothing");

        apply(join(GW1, 1, "\"j-1\"", "lobby"));

        final List<Event> out = drain();
        assertEquals(1, out.size(), out::toString);
        assertAck(out.get(0), GW1, 1, NO_SEQ, "\"j-1\"");
        assertEquals(1, logic.roomCount());
        assertEquals(1, logic.sessionCount());
    }

    @Test
    void shouldAckWithEmptyCorrIdWhenCommandHasNone()
    {
        apply(sessionOpen(GW1, 1, "alice"));
        apply(join(GW1, 1, "", "lobby"));
        assertAck(drain().get(0), GW1, 1, NO_SEQ, "");
    }

    @Test
    void shouldFanOutRoomMessageToMembersInJoinOrderThenAckWithSeqWhenMemberPublishes()
    {
        applyAndIgnore(
            sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), sessionOpen(GW1, 3, "carol"), sessionOpen(GW1, 4, "dave"),
            join(GW1, 3, "", "lobby"), join(GW1, 1, "", "lobby"), join(GW1, 2, "", "lobby"), join(GW1, 4, "", "other"));

        apply(publish(GW1, 1, "42", "lobby", "{\"text\":\"hi\"}"));
        final long publishTs = timestampMs;

        final List<Event> out = drain();
        assertEquals(2, out.size(), out::toString);
        assertRoomMessage(out.get(0), GW1, 1, "lobby", "alice", "{\"text\":\"hi\"}", 3, 1, 2);
        assertEquals(publishTs, out.get(0).timestampMs(), "room message carries the journal timestamp");
        assertAck(out.get(1), GW1, 1, 1, "42");
    }

    @Test
    void shouldNotListASessionTwiceWhenItJoinsARoomTwice()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), join(GW1, 1, "", "lobby"), join(GW1, 2, "", "lobby"));

        apply(join(GW1, 1, "again", "lobby"));
        assertAck(drain().get(0), GW1, 1, NO_SEQ, "again");

        apply(publish(GW1, 2, "", "lobby", "1"));
        final List<Event> out = drain();
        assertRoomMessage(out.get(0), GW1, 1, "lobby", "bob", "1", 1, 2);
        assertEquals(2, out.size());
    }

    @Test
    void shouldSendOneRoomMessagePerGatewayListingOnlyThatGatewaysSessionsWhenRoomSpansGateways()
    {
        final int gw7 = 7; // beyond the room's initial per-gateway slots
        applyAndIgnore(
            sessionOpen(GW1, 10, "alice"), sessionOpen(GW2, 10, "bob"), sessionOpen(GW1, 11, "carol"),
            sessionOpen(gw7, 5, "dave"), sessionOpen(GW2, 12, "erin"),
            join(GW2, 12, "", "r"), join(GW1, 11, "", "r"), join(gw7, 5, "", "r"), join(GW2, 10, "", "r"), join(GW1, 10, "", "r"));

        apply(publish(GW2, 10, "p", "r", "\"x\""));

        final List<Event> out = drain();
        assertEquals(4, out.size(), out::toString);
        assertRoomMessage(out.get(0), GW1, 1, "r", "bob", "\"x\"", 11, 10);
        assertRoomMessage(out.get(1), GW2, 1, "r", "bob", "\"x\"", 12, 10);
        assertRoomMessage(out.get(2), gw7, 1, "r", "bob", "\"x\"", 5);
        assertAck(out.get(3), GW2, 10, 1, "p");
    }

    @Test
    void shouldNumberRoomMessagesFromOneWithoutGapsIndependentlyPerRoom()
    {
        applyAndIgnore(
            sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"),
            join(GW1, 1, "", "a"), join(GW1, 1, "", "b"), join(GW1, 2, "", "b"));

        final String[] rooms = {"a", "b", "b", "a", "c", "b", "a", "a"};
        final long[] expectedSeq = {1, 1, 2, 2, -1, 3, 3, 4};
        for (int i = 0; i < rooms.length; i++)
        {
            apply(publish(GW1, 1, "c" + i, rooms[i], String.valueOf(i)));
            final List<Event> out = drain();
            final Event last = out.get(out.size() - 1);
            if (expectedSeq[i] < 0)
            {
                // alice is not in "c": rejected, and no sequence number is used up anywhere
                assertEquals(1, out.size(), out::toString);
                assertError(last, GW1, 1, ErrorCode.NOT_MEMBER, "c" + i);
            }
            else
            {
                assertEquals(2, out.size(), out::toString);
                assertEquals(expectedSeq[i], out.get(0).seq(), out::toString);
                assertEquals(rooms[i], out.get(0).room());
                assertAck(last, GW1, 1, expectedSeq[i], "c" + i);
            }
        }
        // A non-member's failed publish does not consume a sequence number either.
        apply(publish(GW1, 2, "x", "a", "nope"));
        assertError(drain().get(0), GW1, 2, ErrorCode.NOT_MEMBER, "x");
        apply(publish(GW1, 1, "y", "a", "next"));
        assertAck(drain().get(1), GW1, 1, 5, "y");
    }

    @Test
    void shouldPublishToTheRoomNamedWhenJoinedRoomsHaveNamesOfTheSameLength()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"),
            join(GW1, 1, "", "ab"), join(GW1, 1, "", "ba"), join(GW1, 1, "", "a"), join(GW1, 2, "", "aa"));

        apply(publish(GW1, 1, "p1", "ba", "1"));
        assertEquals("ba", drain().get(0).room());
        apply(publish(GW1, 1, "p2", "a", "2"));
        assertEquals("a", drain().get(0).room());
        apply(publish(GW1, 1, "p3", "aa", "3"));
        assertError(drain().get(0), GW1, 1, ErrorCode.NOT_MEMBER, "p3"); // exists, bob's, not alice's
    }

    @Test
    void shouldFindTheJoinedRoomWhenASessionIsInMoreRoomsThanItScansByName()
    {
        final int joined = SessionState.SCAN_ROOMS_BY_NAME_UP_TO + 4;
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), join(GW1, 2, "", "bobs"));
        for (int r = 0; r < joined; r++)
        {
            applyAndIgnore(join(GW1, 1, "", "room" + r));
        }

        apply(publish(GW1, 1, "p1", "room" + (joined - 1), "x"));
        final List<Event> out = drain();
        assertEquals("room" + (joined - 1), out.get(0).room());
        assertAck(out.get(1), GW1, 1, 1, "p1");
        apply(publish(GW1, 1, "p2", "bobs", "y"));
        assertError(drain().get(0), GW1, 1, ErrorCode.NOT_MEMBER, "p2");
        apply(publish(GW1, 1, "p3", "nowhere", "z"));
        assertError(drain().get(0), GW1, 1, ErrorCode.NOT_MEMBER, "p3");
    }

    @Test
    void shouldReplyNotMemberWhenNonMemberPublishes()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), join(GW1, 1, "", "lobby"));

        apply(publish(GW1, 2, "\"p1\"", "lobby", "1"));
        List<Event> out = drain();
        assertEquals(1, out.size(), out::toString);
        assertError(out.get(0), GW1, 2, ErrorCode.NOT_MEMBER, "\"p1\"");

        apply(publish(GW1, 2, "\"p2\"", "no-such-room", "1"));
        out = drain();
        assertEquals(1, out.size(), out::toString);
        assertError(out.get(0), GW1, 2, ErrorCode.NOT_MEMBER, "\"p2\"");
        assertEquals(1, logic.roomCount(), "publishing to an unknown room does not create it");
    }

    @Test
    void shouldReplyNotMemberWhenPublishingAfterLeaving()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), join(GW1, 1, "", "lobby"), join(GW1, 2, "", "lobby"));

        apply(leave(GW1, 1, "l", "lobby"));
        final List<Event> left = drain();
        assertEquals(2, left.size(), left::toString);
        assertPresence(left.get(0), GW1, LinkEventEncoder.PRESENCE_LEAVE, "lobby", "alice", 2);
        assertAck(left.get(1), GW1, 1, NO_SEQ, "l");

        apply(publish(GW1, 1, "p", "lobby", "1"));
        final List<Event> out = drain();
        assertEquals(1, out.size(), out::toString);
        assertError(out.get(0), GW1, 1, ErrorCode.NOT_MEMBER, "p");

        apply(publish(GW1, 2, "q", "lobby", "2"));
        final List<Event> fromBob = drain();
        assertRoomMessage(fromBob.get(0), GW1, 1, "lobby", "bob", "2", 2);
    }

    @Test
    void shouldReplyNotMemberWhenLeavingARoomNotJoined()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), join(GW1, 2, "", "lobby"));

        apply(leave(GW1, 1, "l1", "lobby"));
        apply(leave(GW1, 1, "l2", "never-created"));
        apply(join(GW1, 1, "", "lobby"));
        apply(leave(GW1, 1, "l3", "lobby"));
        apply(leave(GW1, 1, "l4", "lobby"));

        final List<Event> out = drain();
        assertEquals(7, out.size(), out::toString);
        assertError(out.get(0), GW1, 1, ErrorCode.NOT_MEMBER, "l1");
        assertError(out.get(1), GW1, 1, ErrorCode.NOT_MEMBER, "l2");
        assertPresence(out.get(2), GW1, LinkEventEncoder.PRESENCE_JOIN, "lobby", "alice", 2);
        assertAck(out.get(3), GW1, 1, NO_SEQ, "");
        assertPresence(out.get(4), GW1, LinkEventEncoder.PRESENCE_LEAVE, "lobby", "alice", 2);
        assertAck(out.get(5), GW1, 1, NO_SEQ, "l3");
        assertError(out.get(6), GW1, 1, ErrorCode.NOT_MEMBER, "l4");
    }

    @Test
    void shouldKeepJoinOrderOfRemainingMembersWhenOneLeaves()
    {
        applyAndIgnore(
            sessionOpen(GW1, 1, "a"), sessionOpen(GW1, 2, "b"), sessionOpen(GW1, 3, "c"), sessionOpen(GW1, 4, "d"),
            join(GW1, 4, "", "r"), join(GW1, 2, "", "r"), join(GW1, 3, "", "r"), join(GW1, 1, "", "r"),
            leave(GW1, 2, "", "r"), join(GW1, 2, "", "r"));

        apply(publish(GW1, 1, "", "r", "m"));
        assertRoomMessage(drain().get(0), GW1, 1, "r", "a", "m", 4, 3, 1, 2);
    }

    @Test
    void shouldReplyUnauthenticatedWhenCommandComesFromUnknownSession()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), join(GW1, 1, "", "lobby"));

        apply(join(GW1, 9, "j", "lobby"));
        apply(leave(GW1, 9, "l", "lobby"));
        apply(publish(GW1, 9, "p", "lobby", "1"));
        apply(direct(GW1, 9, "d", "alice", "1"));
        apply(publish(GW2, 1, "other-gateway", "lobby", "1")); // same session id, other gateway: another session

        final List<Event> out = drain();
        assertEquals(5, out.size(), out::toString);
        assertError(out.get(0), GW1, 9, ErrorCode.UNAUTHENTICATED, "j");
        assertError(out.get(1), GW1, 9, ErrorCode.UNAUTHENTICATED, "l");
        assertError(out.get(2), GW1, 9, ErrorCode.UNAUTHENTICATED, "p");
        assertError(out.get(3), GW1, 9, ErrorCode.UNAUTHENTICATED, "d");
        assertError(out.get(4), GW2, 1, ErrorCode.UNAUTHENTICATED, "other-gateway");
        assertEquals(1, logic.roomCount(), "an unauthenticated join creates no room");
    }

    @Test
    void shouldNotLetSessionIdBeyondFortyEightBitsActAsAnotherSession()
    {
        applyAndIgnore(sessionOpen(GW1, 5, "alice"), sessionOpen(GW1, 6, "bob"), join(GW1, 6, "", "lobby"));
        final long alias = (1L << 48) | 5; // same low 48 bits as alice's session
        final long negativeAlias = -1L;   // low 48 bits are MAX_SESSION_ID
        applyAndIgnore(sessionOpen(GW1, BusinessLogic.MAX_SESSION_ID, "carol"));

        apply(join(GW1, alias, "j", "lobby"));
        apply(publish(GW1, negativeAlias, "p", "lobby", "x"));
        apply(sessionClose(GW1, alias));

        final List<Event> out = drain();
        assertEquals(2, out.size(), out::toString);
        assertError(out.get(0), GW1, alias, ErrorCode.UNAUTHENTICATED, "j");
        assertError(out.get(1), GW1, negativeAlias, ErrorCode.UNAUTHENTICATED, "p");
        assertEquals(3, logic.sessionCount(), "closing an aliasing id closes nothing");

        apply(publish(GW1, 6, "", "lobby", "m"));
        assertRoomMessage(drain().get(0), GW1, 1, "lobby", "bob", "m", 6);
    }

    // ---------------------------------------------------------------- direct messages

    @Test
    void shouldDeliverDirectMessageToEachSessionOfAnOnlineUserAndAckTheSender()
    {
        applyAndIgnore(
            sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), sessionOpen(GW2, 7, "bob"), sessionOpen(GW1, 3, "bob"));

        apply(direct(GW1, 1, "d1", "bob", "{\"hello\":true}"));
        final long directTs = timestampMs;

        final List<Event> out = drain();
        assertEquals(3, out.size(), out::toString);
        assertDirectMessage(out.get(0), GW1, "alice", "bob", "{\"hello\":true}", 2, 3);
        assertEquals(directTs, out.get(0).timestampMs());
        assertDirectMessage(out.get(1), GW2, "alice", "bob", "{\"hello\":true}", 7);
        assertAck(out.get(2), GW1, 1, NO_SEQ, "d1");
    }

    @Test
    void shouldDeliverDirectMessageToSenderWhenSenderWritesToThemself()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"));
        apply(direct(GW1, 1, "d", "alice", "note"));
        final List<Event> out = drain();
        assertEquals(2, out.size(), out::toString);
        assertDirectMessage(out.get(0), GW1, "alice", "alice", "note", 1);
        assertAck(out.get(1), GW1, 1, NO_SEQ, "d");
    }

    @Test
    void shouldKeepDirectMessagesForOfflineUserAndDeliverThemInOrderOnceToItsNextFirstSession()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "carol"));

        apply(direct(GW1, 1, "d1", "bob", "one"));
        final long firstTs = timestampMs;
        apply(direct(GW1, 2, "d2", "bob", "two"));
        final long secondTs = timestampMs;
        apply(direct(GW1, 1, "d3", "bob", "three"));
        final long thirdTs = timestampMs;

        List<Event> out = drain();
        assertEquals(3, out.size(), "only the senders' acks while bob is offline: " + out);
        assertAck(out.get(0), GW1, 1, NO_SEQ, "d1");
        assertAck(out.get(1), GW1, 2, NO_SEQ, "d2");
        assertAck(out.get(2), GW1, 1, NO_SEQ, "d3");

        apply(sessionOpen(GW2, 5, "bob"));
        out = drain();
        assertEquals(3, out.size(), out::toString);
        assertDirectMessage(out.get(0), GW2, "alice", "bob", "one", 5);
        assertEquals(firstTs, out.get(0).timestampMs(), "kept messages carry the time they were sent");
        assertDirectMessage(out.get(1), GW2, "carol", "bob", "two", 5);
        assertEquals(secondTs, out.get(1).timestampMs());
        assertDirectMessage(out.get(2), GW2, "alice", "bob", "three", 5);
        assertEquals(thirdTs, out.get(2).timestampMs());

        apply(sessionOpen(GW1, 6, "bob"));
        assertEquals(List.of(), drain(), "a second session gets nothing");

        apply(sessionClose(GW2, 5));
        apply(sessionClose(GW1, 6));
        apply(sessionOpen(GW1, 8, "bob"));
        assertEquals(List.of(), drain(), "delivered exactly once");
    }

    @Test
    void shouldKeepDirectMessagesForUserWhoseSessionsAllClosed()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), sessionClose(GW1, 2));

        apply(direct(GW1, 1, "d", "bob", "later"));
        assertEquals(1, drain().size());

        apply(sessionOpen(GW1, 3, "bob"));
        final List<Event> out = drain();
        assertEquals(1, out.size(), out::toString);
        assertDirectMessage(out.get(0), GW1, "alice", "bob", "later", 3);
    }

    @Test
    void shouldDeliverKeptMessageEvenWhenSenderHasGoneOffline()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), direct(GW1, 1, "", "bob", "bye"), sessionClose(GW1, 1));
        apply(sessionOpen(GW1, 2, "bob"));
        final List<Event> out = drain();
        assertEquals(1, out.size(), out::toString);
        assertDirectMessage(out.get(0), GW1, "alice", "bob", "bye", 2);
    }

    @Test
    void shouldReplyInboxFullWhenOfflineUserHasInboxLimitMessagesWaiting()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"));
        for (int i = 0; i < 3; i++)
        {
            apply(direct(GW1, 1, "ok" + i, "bob", "m" + i));
            assertAck(drain().get(0), GW1, 1, NO_SEQ, "ok" + i);
        }

        apply(direct(GW1, 1, "full", "bob", "m3"));
        List<Event> out = drain();
        assertEquals(1, out.size(), out::toString);
        assertError(out.get(0), GW1, 1, ErrorCode.INBOX_FULL, "full");

        apply(sessionOpen(GW1, 2, "bob"));
        out = drain();
        assertEquals(3, out.size(), out::toString);
        for (int i = 0; i < 3; i++)
        {
            assertDirectMessage(out.get(i), GW1, "alice", "bob", "m" + i, 2);
        }

        // The inbox is empty again once delivered.
        apply(sessionClose(GW1, 2));
        apply(direct(GW1, 1, "again", "bob", "m4"));
        assertAck(drain().get(0), GW1, 1, NO_SEQ, "again");
    }

    @Test
    void shouldReplyInboxFullForEveryOfflineMessageWhenInboxLimitIsZero()
    {
        logic = new BusinessLogic(capture, 0);
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"));

        apply(direct(GW1, 1, "d1", "nobody", "x"));
        assertError(drain().get(0), GW1, 1, ErrorCode.INBOX_FULL, "d1");

        apply(direct(GW1, 1, "d2", "bob", "online users are not affected"));
        final List<Event> out = drain();
        assertDirectMessage(out.get(0), GW1, "alice", "bob", "online users are not affected", 2);
        assertAck(out.get(1), GW1, 1, NO_SEQ, "d2");

        apply(sessionOpen(GW1, 3, "nobody"));
        assertEquals(List.of(), drain());
    }

    // ---------------------------------------------------------------- sessions and gateways

    @Test
    void shouldStopDeliveringToSessionWhenItCloses()
    {
        applyAndIgnore(
            sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), sessionOpen(GW2, 3, "carol"),
            join(GW1, 1, "", "r"), join(GW1, 2, "", "r"), join(GW2, 3, "", "r"), join(GW1, 2, "", "s"));

        apply(sessionClose(GW1, 2));
        List<Event> out = drain();
        assertEquals(2, out.size(), "a close is not acknowledged; bob's only connection closing takes him offline: " + out);
        assertPresence(out.get(0), GW1, LinkEventEncoder.PRESENCE_OFFLINE, "r", "bob", 1);
        assertPresence(out.get(1), GW2, LinkEventEncoder.PRESENCE_OFFLINE, "r", "bob", 3);
        assertEquals(2, logic.sessionCount());

        apply(publish(GW1, 1, "", "r", "after"));
        out = drain();
        assertEquals(3, out.size(), out::toString);
        assertRoomMessage(out.get(0), GW1, 1, "r", "alice", "after", 1);
        assertRoomMessage(out.get(1), GW2, 1, "r", "alice", "after", 3);

        apply(sessionClose(GW2, 3));
        assertPresence(drain().get(0), GW1, LinkEventEncoder.PRESENCE_OFFLINE, "r", "carol", 1);
        apply(publish(GW1, 1, "", "r", "alone"));
        out = drain();
        assertEquals(2, out.size(), "no event for a gateway without members: " + out);
        assertRoomMessage(out.get(0), GW1, 2, "r", "alice", "alone", 1);

        apply(publish(GW1, 2, "closed", "r", "x"));
        assertError(drain().get(0), GW1, 2, ErrorCode.UNAUTHENTICATED, "closed");

        apply(sessionClose(GW1, 2)); // closing twice is harmless
        apply(sessionClose(GW1, 99));
        assertEquals(List.of(), drain());
        assertEquals(1, logic.sessionCount());
    }

    @Test
    void shouldCloseOldSessionWhenSessionIdIsOpenedAgain()
    {
        applyAndIgnore(
            sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "carol"), join(GW1, 1, "", "r"), join(GW1, 2, "", "r"));

        apply(sessionOpen(GW1, 1, "bob")); // the gateway reused id 1: alice's old session is gone
        assertEquals(2, logic.sessionCount());
        final List<Event> reopened = drain();
        assertEquals(1, reopened.size(), reopened::toString);
        assertPresence(reopened.get(0), GW1, LinkEventEncoder.PRESENCE_OFFLINE, "r", "alice", 2);

        apply(publish(GW1, 1, "p", "r", "x"));
        assertError(drain().get(0), GW1, 1, ErrorCode.NOT_MEMBER, "p");

        apply(publish(GW1, 2, "", "r", "y"));
        assertRoomMessage(drain().get(0), GW1, 1, "r", "carol", "y", 2);

        apply(direct(GW1, 2, "", "bob", "to bob"));
        assertDirectMessage(drain().get(0), GW1, "carol", "bob", "to bob", 1);
        apply(direct(GW1, 2, "", "alice", "to alice, now offline"));
        assertEquals(1, drain().size(), "alice is offline: only the ack");
    }

    @Test
    void shouldCloseEverySessionOfGatewayButNoneOfAnotherWhenGatewayResets()
    {
        applyAndIgnore(
            sessionOpen(GW1, 3, "alice"), sessionOpen(GW1, 1, "bob"), sessionOpen(GW2, 1, "carol"), sessionOpen(GW2, 2, "dave"),
            join(GW1, 3, "", "r"), join(GW1, 1, "", "r"), join(GW2, 1, "", "r"), join(GW2, 2, "", "r"));

        apply(gatewayReset(GW1));
        List<Event> out = drain();
        // Closed in session id order: bob (1) then alice (3); each goes offline to whoever is still in the room.
        assertEquals(3, out.size(), out::toString);
        assertPresence(out.get(0), GW1, LinkEventEncoder.PRESENCE_OFFLINE, "r", "bob", 3);
        assertPresence(out.get(1), GW2, LinkEventEncoder.PRESENCE_OFFLINE, "r", "bob", 1, 2);
        assertPresence(out.get(2), GW2, LinkEventEncoder.PRESENCE_OFFLINE, "r", "alice", 1, 2);
        assertEquals(2, logic.sessionCount());

        apply(publish(GW2, 1, "p", "r", "after reset"));
        out = drain();
        assertEquals(2, out.size(), out::toString);
        assertRoomMessage(out.get(0), GW2, 1, "r", "carol", "after reset", 1, 2);
        assertAck(out.get(1), GW2, 1, 1, "p");

        apply(publish(GW1, 3, "gone", "r", "x"));
        assertError(drain().get(0), GW1, 3, ErrorCode.UNAUTHENTICATED, "gone");

        // alice and bob are offline now: a direct message to them is kept.
        apply(direct(GW2, 2, "d", "alice", "kept"));
        assertEquals(1, drain().size());
        apply(sessionOpen(GW1, 3, "alice"));
        out = drain();
        assertEquals(2, out.size(), out::toString);
        assertPresence(out.get(0), GW2, LinkEventEncoder.PRESENCE_ONLINE, "r", "alice", 1, 2);
        assertDirectMessage(out.get(1), GW1, "dave", "alice", "kept", 3);

        apply(gatewayReset(GW2));
        apply(gatewayReset(GW2)); // nothing left to close
        assertEquals(1, logic.sessionCount());
    }

    // ---------------------------------------------------------------- presence

    @Test
    void shouldSendOnlineOnFirstConnectionAndOfflineOnLastWhenUserHasTwoTabs()
    {
        applyAndIgnore(
            sessionOpen(GW1, 1, "bob"), join(GW1, 1, "", "lobby"),
            sessionOpen(GW2, 7, "carol"), join(GW2, 7, "", "lobby"),
            sessionOpen(GW1, 2, "alice"), join(GW1, 2, "", "lobby"), sessionClose(GW1, 2)); // alice: a member, offline

        apply(sessionOpen(GW1, 3, "alice"));
        List<Event> out = drain();
        assertEquals(2, out.size(), "first connection: online to the room's members on each gateway: " + out);
        assertPresence(out.get(0), GW1, LinkEventEncoder.PRESENCE_ONLINE, "lobby", "alice", 1);
        assertPresence(out.get(1), GW2, LinkEventEncoder.PRESENCE_ONLINE, "lobby", "alice", 7);
        assertEquals(timestampMs, out.get(0).timestampMs(), "stamped with the command's journal time");

        apply(sessionOpen(GW2, 8, "alice"));
        assertEquals(List.of(), drain(), "a second tab is not a new online");
        apply(join(GW2, 8, "j", "lobby"));
        assertAck(drain().get(0), GW2, 8, NO_SEQ, "j"); // alice is a member already: no join either

        apply(sessionClose(GW1, 3));
        assertEquals(List.of(), drain(), "closing one of two tabs is not offline");

        apply(sessionClose(GW2, 8));
        out = drain();
        assertEquals(2, out.size(), "last connection closed: offline: " + out);
        assertPresence(out.get(0), GW1, LinkEventEncoder.PRESENCE_OFFLINE, "lobby", "alice", 1);
        assertPresence(out.get(1), GW2, LinkEventEncoder.PRESENCE_OFFLINE, "lobby", "alice", 7);
    }

    @Test
    void shouldSendPresenceToEveryRoomOfTheUserInJoinOrderWhenItComesOnline()
    {
        applyAndIgnore(
            sessionOpen(GW1, 1, "bob"), join(GW1, 1, "", "b-room"), join(GW1, 1, "", "a-room"),
            sessionOpen(GW1, 2, "alice"), join(GW1, 2, "", "b-room"), join(GW1, 2, "", "solo"), join(GW1, 2, "", "a-room"),
            sessionClose(GW1, 2));

        apply(sessionOpen(GW1, 3, "alice"));
        final List<Event> out = drain();
        assertEquals(2, out.size(), "no event for a room with nobody else in it: " + out);
        assertPresence(out.get(0), GW1, LinkEventEncoder.PRESENCE_ONLINE, "b-room", "alice", 1);
        assertPresence(out.get(1), GW1, LinkEventEncoder.PRESENCE_ONLINE, "a-room", "alice", 1);
    }

    @Test
    void shouldSendJoinOnFirstConnectionInRoomAndLeaveOnLastToTheOtherMembersOnly()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "bob"), join(GW1, 1, "", "lobby"), sessionOpen(GW1, 2, "alice"), sessionOpen(GW2, 3, "alice"));

        apply(join(GW1, 2, "j1", "lobby"));
        List<Event> out = drain();
        assertEquals(2, out.size(), out::toString);
        assertPresence(out.get(0), GW1, LinkEventEncoder.PRESENCE_JOIN, "lobby", "alice", 1);
        assertAck(out.get(1), GW1, 2, NO_SEQ, "j1");

        apply(join(GW2, 3, "j2", "lobby"));
        out = drain();
        assertEquals(1, out.size(), "the second tab's join is no news: " + out);
        assertAck(out.get(0), GW2, 3, NO_SEQ, "j2");

        apply(leave(GW1, 2, "l1", "lobby"));
        out = drain();
        assertEquals(1, out.size(), "one tab still in the room: " + out);
        assertAck(out.get(0), GW1, 2, NO_SEQ, "l1");

        apply(leave(GW2, 3, "l2", "lobby"));
        out = drain();
        assertEquals(2, out.size(), out::toString);
        assertPresence(out.get(0), GW1, LinkEventEncoder.PRESENCE_LEAVE, "lobby", "alice", 1);
        assertAck(out.get(1), GW2, 3, NO_SEQ, "l2");

        apply(join(GW1, 2, "j3", "lobby")); // a member again: join again
        assertPresence(drain().get(0), GW1, LinkEventEncoder.PRESENCE_JOIN, "lobby", "alice", 1);
    }

    @Test
    void shouldAnnouncePresenceOnlyWhileTheRoomHasAtMostTheAnnounceMaxMembers()
    {
        logic = new BusinessLogic(capture, 3, new RoomLimits(10, 10, 1024, 2));
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), join(GW1, 1, "", "r"), sessionOpen(GW1, 2, "bob"), sessionOpen(GW1, 3, "carol"));

        apply(join(GW1, 2, "j2", "r"));
        assertPresence(drain().get(0), GW1, LinkEventEncoder.PRESENCE_JOIN, "r", "bob", 1); // 2 members with bob

        apply(join(GW1, 3, "j3", "r"));
        List<Event> out = drain();
        assertEquals(1, out.size(), "3 members with carol: no join event, only the ack: " + out);
        assertAck(out.get(0), GW1, 3, NO_SEQ, "j3");

        apply(sessionOpen(GW2, 4, "carol")); // a second connection: not a transition anyway
        apply(sessionClose(GW1, 2));          // bob's last connection: offline, in a room of 3
        apply(presenceQuery(GW1, 1, "q", "r"));
        out = drain();
        assertEquals(1, out.size(), "no offline event in a room over the limit: " + out);
        assertPresenceReply(out.get(0), GW1, 1, "q", "r", "alice=1", "bob=0", "carol=2");

        apply(leave(GW1, 3, "l3", "r"));
        out = drain();
        assertEquals(1, out.size(), "3 members with carol: no leave event: " + out);
        apply(sessionOpen(GW1, 5, "bob"));   // bob online again, in a room of 2 now
        assertPresence(drain().get(0), GW1, LinkEventEncoder.PRESENCE_ONLINE, "r", "bob", 1);
    }

    @Test
    void shouldKeepMembershipWhenConnectionCloseAndForgetUserWhenItLeavesEverything()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "bob"), join(GW1, 1, "", "lobby"), sessionOpen(GW1, 2, "alice"), join(GW1, 2, "", "lobby"));
        assertEquals(2, logic.userCount());

        apply(sessionClose(GW1, 2));
        assertPresence(drain().get(0), GW1, LinkEventEncoder.PRESENCE_OFFLINE, "lobby", "alice", 1); // offline, not leave
        assertEquals(2, logic.userCount(), "an offline member is remembered");
        apply(presenceQuery(GW1, 1, "q", "lobby"));
        assertPresenceReply(drain().get(0), GW1, 1, "q", "lobby", "bob=1", "alice=0");

        apply(sessionOpen(GW1, 3, "alice"));
        assertPresence(drain().get(0), GW1, LinkEventEncoder.PRESENCE_ONLINE, "lobby", "alice", 1);
        apply(leave(GW1, 3, "l", "lobby"));
        assertError(drain().get(0), GW1, 3, ErrorCode.NOT_MEMBER, "l"); // leave is per connection: this one never joined
        apply(join(GW1, 3, "", "lobby"));
        assertEquals(1, drain().size(), "only the ack: alice is a member already");
        apply(leave(GW1, 3, "", "lobby"));
        assertPresence(drain().get(0), GW1, LinkEventEncoder.PRESENCE_LEAVE, "lobby", "alice", 1);

        apply(sessionClose(GW1, 3));
        assertEquals(List.of(), drain(), "in no room: nobody to tell");
        assertEquals(1, logic.userCount(), "alice is in no room, has no connection and no inbox: forgotten");
    }

    @Test
    void shouldListMembersInJoinOrderWithTheirOpenConnectionsWhenPresenceIsQueried()
    {
        applyAndIgnore(
            sessionOpen(GW1, 1, "carol"), join(GW1, 1, "", "lobby"),
            sessionOpen(GW1, 2, "alice"), sessionOpen(GW2, 2, "alice"), join(GW2, 2, "", "lobby"),
            sessionOpen(GW1, 3, "bob"), join(GW1, 3, "", "lobby"),
            sessionOpen(GW1, 4, "dave"), join(GW1, 4, "", "lobby"), leave(GW1, 4, "", "lobby"),
            sessionOpen(GW1, 5, "erin"), join(GW1, 5, "", "lobby"), sessionClose(GW1, 5),
            join(GW1, 4, "", "other"));

        apply(presenceQuery(GW1, 3, "\"7\"", "lobby"));
        List<Event> out = drain();
        assertEquals(1, out.size(), out::toString);
        assertPresenceReply(out.get(0), GW1, 3, "\"7\"", "lobby", "carol=1", "alice=2", "bob=1", "erin=0");

        // Re-joining does not move a member; a member who left and came back goes to the end.
        applyAndIgnore(join(GW1, 2, "", "lobby"), join(GW1, 4, "", "lobby"));
        apply(presenceQuery(GW2, 2, "", "lobby"));
        out = drain();
        assertPresenceReply(out.get(0), GW2, 2, "", "lobby", "carol=1", "alice=2", "bob=1", "erin=0", "dave=1");
    }

    @Test
    void shouldListTheFirstMembersThatFitAndCountTheRestWhenARoomsMemberListPassesTheReplyBudget()
    {
        final List<int[]> replies = new ArrayList<>(); // member count, omitted, frame length
        final BusinessLogic big = new BusinessLogic((gatewayId, buffer, offset, length) ->
        {
            if (LinkHeader.type(buffer, offset) == LinkType.PRESENCE_REPLY)
            {
                final LinkEventDecoder reply = new LinkEventDecoder();
                assertTrue(reply.wrap(buffer, offset, length));
                replies.add(new int[] {reply.memberCount(), reply.omittedMembers(), length});
            }
        }, 10);
        final int members = 9_000; // 120-byte names: about 1.1 MB of members
        long sequence = 0;
        for (int i = 1; i <= members; i++)
        {
            final String user = String.format("%0120d", i);
            for (final byte[] command : List.of(sessionOpen(GW1, i, user), join(GW1, i, "", "lobby")))
            {
                big.apply(++sequence, 1_000, new UnsafeBuffer(command), 0, command.length);
            }
        }
        final byte[] query = presenceQuery(GW1, 1, "\"q\"", "lobby");
        big.apply(++sequence, 1_000, new UnsafeBuffer(query), 0, query.length);

        assertEquals(1, replies.size());
        final int listed = replies.get(0)[0];
        assertTrue(listed > 8_000 && listed < members, "listed " + listed);
        assertEquals(members - listed, replies.get(0)[1], "the ones left out are counted");
        assertTrue(replies.get(0)[2] <= LinkEventEncoder.MAX_REPLY_BYTES, "frame " + replies.get(0)[2]);
        assertTrue(replies.get(0)[2] + LinkEventEncoder.presenceMemberLength(120) > LinkEventEncoder.MAX_REPLY_BYTES,
            "no room for one more");
    }

    @Test
    void shouldReplyNotMemberWhenPresenceIsQueriedFromAConnectionOutsideTheRoom()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), join(GW1, 1, "", "lobby"), sessionOpen(GW1, 2, "alice"), sessionOpen(GW1, 3, "bob"));

        apply(presenceQuery(GW1, 2, "a", "lobby"));   // alice is a member, but this tab has not joined
        apply(presenceQuery(GW1, 3, "b", "lobby"));
        apply(presenceQuery(GW1, 3, "c", "nowhere"));
        apply(presenceQuery(GW1, 9, "d", "lobby"));

        final List<Event> out = drain();
        assertEquals(4, out.size(), out::toString);
        assertError(out.get(0), GW1, 2, ErrorCode.NOT_MEMBER, "a");
        assertError(out.get(1), GW1, 3, ErrorCode.NOT_MEMBER, "b");
        assertError(out.get(2), GW1, 3, ErrorCode.NOT_MEMBER, "c");
        assertError(out.get(3), GW1, 9, ErrorCode.UNAUTHENTICATED, "d");
        assertEquals(1, logic.roomCount(), "a query creates no room");
    }

    // ---------------------------------------------------------------- typing

    @Test
    void shouldRelayTypingToTheOtherMembersButNotToTheTypistsOwnTabsWithoutAck()
    {
        applyAndIgnore(
            sessionOpen(GW1, 1, "alice"), sessionOpen(GW2, 5, "alice"), sessionOpen(GW1, 2, "bob"), sessionOpen(GW2, 6, "carol"),
            sessionOpen(GW1, 3, "dave"),
            join(GW1, 1, "", "lobby"), join(GW1, 2, "", "lobby"), join(GW2, 6, "", "lobby"), join(GW2, 5, "", "lobby"));
        final int rooms = logic.roomCount();
        final int users = logic.userCount();

        apply(typing(GW1, 1, "", "lobby", true));
        List<Event> out = drain();
        assertEquals(2, out.size(), "no ack, one event per gateway: " + out);
        assertTyping(out.get(0), GW1, true, "lobby", "alice", 2);
        assertTyping(out.get(1), GW2, true, "lobby", "alice", 6);
        assertEquals(timestampMs, out.get(0).timestampMs());

        apply(typing(GW2, 5, "", "lobby", false));
        out = drain();
        assertEquals(2, out.size(), out::toString);
        assertTyping(out.get(0), GW1, false, "lobby", "alice", 2);
        assertTyping(out.get(1), GW2, false, "lobby", "alice", 6);

        apply(typing(GW1, 2, "", "lobby", true));
        out = drain();
        assertTyping(out.get(0), GW1, true, "lobby", "bob", 1);
        assertTyping(out.get(1), GW2, true, "lobby", "bob", 6, 5);

        assertEquals(rooms, logic.roomCount(), "typing keeps nothing");
        assertEquals(users, logic.userCount(), "typing keeps nothing");
    }

    @Test
    void shouldEmitNothingWhenOnlyTheTypistsOwnConnectionsAreInTheRoom()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "alice"), join(GW1, 1, "", "notes"), join(GW1, 2, "", "notes"));
        final long digestBefore = logic.digest();

        apply(typing(GW1, 1, "", "notes", true));

        assertEquals(List.of(), drain());
        assertEquals(digestBefore, logic.digest(), "nothing emitted, nothing digested");
    }

    @Test
    void shouldReplyNotMemberOrUnauthenticatedWhenTypingOutsideTheRoom()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), join(GW1, 1, "", "lobby"), sessionOpen(GW1, 2, "bob"));

        apply(typing(GW1, 2, "\"t1\"", "lobby", true));
        apply(typing(GW1, 2, "t2", "nowhere", false));
        apply(typing(GW1, 9, "t3", "lobby", true));

        final List<Event> out = drain();
        assertEquals(3, out.size(), out::toString);
        assertError(out.get(0), GW1, 2, ErrorCode.NOT_MEMBER, "\"t1\"");
        assertError(out.get(1), GW1, 2, ErrorCode.NOT_MEMBER, "t2");
        assertError(out.get(2), GW1, 9, ErrorCode.UNAUTHENTICATED, "t3");
    }

    // ---------------------------------------------------------------- malformed input

    @Test
    void shouldAnswerJournalUnavailableWithoutApplyingOrDigestingWhenTheJournalCouldNotTakeACommand()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), join(GW1, 1, "", "r"), sessionOpen(GW1, 2, "bob"), join(GW1, 2, "", "r"));
        final long digestBefore = logic.digest();
        final long appliedBefore = logic.commandsApplied();

        reject(publish(GW1, 1, "p1", "r", "\"lost\""));
        reject(sessionOpen(GW1, 3, "carol")); // no correlation id, but its session is told it does not exist
        reject(sessionClose(GW1, 2)); // its session is gone: nobody to tell

        final List<Event> answered = drain();
        assertEquals(2, answered.size(), answered::toString);
        assertError(answered.get(0), GW1, 1, ErrorCode.JOURNAL_UNAVAILABLE, "p1");
        assertError(answered.get(1), GW1, 3, ErrorCode.UNAUTHENTICATED, "");
        assertEquals(digestBefore, logic.digest(), "a replay never sees the command, so its answer is not digested");
        assertEquals(appliedBefore, logic.commandsApplied());

        apply(publish(GW1, 1, "p2", "r", "\"kept\""));
        final List<Event> published = drain();
        assertRoomMessage(published.get(0), GW1, 1, "r", "alice", "\"kept\"", 1, 2);
        assertAck(published.get(1), GW1, 1, 1, "p2");
        apply(join(GW1, 3, "j3", "r"));
        assertError(drain().get(0), GW1, 3, ErrorCode.UNAUTHENTICATED, "j3"); // the unjournaled open opened nothing
    }

    private void reject(final byte[] command)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[command.length + 5]);
        buffer.putBytes(5, command);
        logic.rejectUnjournaled(buffer, 5, command.length, ErrorCode.JOURNAL_UNAVAILABLE);
    }

    @Test
    void shouldCountMalformedCommandsAndKeepWorking()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), join(GW1, 1, "", "r"));
        final long appliedBefore = logic.commandsApplied();

        final byte[] valid = publish(GW1, 1, "c", "r", "data");
        final List<byte[]> malformed = new ArrayList<>();
        malformed.add(new byte[0]);
        malformed.add(new byte[LinkHeader.LENGTH - 1]);
        malformed.add(Arrays.copyOf(valid, valid.length - 1));              // truncated: frame length says more
        final byte[] longer = Arrays.copyOf(valid, valid.length + 1);       // trailing byte
        malformed.add(longer);
        final byte[] badVersion = valid.clone();
        badVersion[LinkHeader.VERSION_OFFSET] = 2;
        malformed.add(badVersion);
        final byte[] eventType = valid.clone();
        eventType[LinkHeader.TYPE_OFFSET] = (byte)LinkType.ACK;
        malformed.add(eventType);
        final byte[] unknownType = valid.clone();
        unknownType[LinkHeader.TYPE_OFFSET] = 0x3F;
        malformed.add(unknownType);
        final byte[] zeroType = valid.clone();
        zeroType[LinkHeader.TYPE_OFFSET] = 0;
        malformed.add(zeroType);
        final byte[] negativeData = valid.clone();
        new UnsafeBuffer(negativeData).putInt(valid.length - 8, -1, java.nio.ByteOrder.LITTLE_ENDIAN); // data length field
        malformed.add(negativeData);
        final byte[] hugeName = valid.clone();
        new UnsafeBuffer(hugeName).putShort(LinkHeader.LENGTH + 2, (short)0x7FFF, java.nio.ByteOrder.LITTLE_ENDIAN);
        malformed.add(hugeName);
        final byte[] garbage = new byte[64];
        for (int i = 0; i < garbage.length; i++)
        {
            garbage[i] = (byte)(i * 73 + 11);
        }
        malformed.add(garbage);
        malformed.add(sessionOpen(GW1, 2, ""));                  // no user name
        malformed.add(sessionOpen(GW1, 0, "zero"));              // session 0 means "no session"
        malformed.add(sessionOpen(GW1, -5, "negative"));
        malformed.add(sessionOpen(GW1, BusinessLogic.MAX_SESSION_ID + 1, "too-big"));

        for (final byte[] command : malformed)
        {
            apply(command);
        }

        assertEquals(List.of(), drain(), "malformed commands get no reply");
        assertEquals(malformed.size(), logic.rejectedCommands());
        assertEquals(appliedBefore + malformed.size(), logic.commandsApplied());
        assertEquals(sequence, logic.lastAppliedSequence(), "a rejected command still consumes its journal sequence");
        assertEquals(1, logic.sessionCount());

        apply(valid);
        final List<Event> out = drain();
        assertEquals(2, out.size(), out::toString);
        assertRoomMessage(out.get(0), GW1, 1, "r", "alice", "data", 1);
        assertAck(out.get(1), GW1, 1, 1, "c");
        assertEquals(malformed.size(), logic.rejectedCommands());
    }

    @Test
    void shouldTrackLastAppliedSequenceAndCommandCount()
    {
        assertEquals(0, logic.lastAppliedSequence());
        assertEquals(0, logic.commandsApplied());
        assertEquals(0L, logic.digest());
        applyTo(logic, 41, START_TS_MS, sessionOpen(GW1, 1, "alice"));
        applyTo(logic, 42, START_TS_MS, join(GW1, 1, "", "r"));
        assertEquals(42, logic.lastAppliedSequence());
        assertEquals(2, logic.commandsApplied());
        assertNotEquals(0L, logic.digest(), "the ack went into the digest");
    }

    // ---------------------------------------------------------------- describing state (offline tools)

    @Test
    void shouldDescribeRoomMembersInFanOutOrderWithTheirUsersAndLastSeqWhenRoomExists()
    {
        applyAndIgnore(
            sessionOpen(GW2, 7, "carol"), sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), sessionOpen(GW1, 3, "alice"),
            join(GW2, 7, "", "lobby"), join(GW1, 2, "", "lobby"), join(GW1, 1, "", "lobby"), join(GW1, 3, "", "lobby"),
            publish(GW1, 1, "", "lobby", "1"), publish(GW1, 2, "", "lobby", "2"), leave(GW1, 2, "", "lobby"));

        final RoomView room = logic.describeRoom("lobby");

        assertEquals("lobby", room.name());
        assertEquals(2, room.lastSeq());
        assertEquals(3, room.nextSeq());
        assertEquals(List.of(
            new RoomView.Member(GW1, 1, "alice"), new RoomView.Member(GW1, 3, "alice"), new RoomView.Member(GW2, 7, "carol")),
            room.members(), "gateway by gateway, each in join order: the order room messages go out in");
    }

    @Test
    void shouldDescribeRoomWithNoMembersWhenEveryMemberHasLeft()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), join(GW1, 1, "", "lobby"), publish(GW1, 1, "", "lobby", "1"), sessionClose(GW1, 1));

        assertEquals(new RoomView("lobby", 1, List.of()), logic.describeRoom("lobby"), "a room outlives its members and keeps its seq");
    }

    @Test
    void shouldDescribeUserSessionsTheirRoomsAndKeptMessagesWhenUserIsKnown()
    {
        applyAndIgnore(
            sessionOpen(GW1, 1, "alice"), sessionOpen(GW2, 4, "alice"), sessionOpen(GW1, 2, "bob"),
            join(GW1, 1, "", "lobby"), join(GW1, 1, "", "games"), join(GW2, 4, "", "lobby"), join(GW2, 4, "", "ops"),
            direct(GW1, 2, "", "olga", "\"one\""), direct(GW1, 2, "", "olga", "\"two\""));

        final UserView alice = logic.describeUser("alice");
        assertEquals(List.of(
            new UserView.Session(GW1, 1, List.of("lobby", "games")), new UserView.Session(GW2, 4, List.of("lobby", "ops"))),
            alice.sessions());
        assertEquals(List.of("lobby", "games", "ops"), alice.rooms());
        assertEquals(0, alice.pendingDirectMessages());

        assertEquals(new UserView("olga", List.of(), 2), logic.describeUser("olga"), "offline, with two kept messages");
    }

    @Test
    void shouldDescribeNothingWhenRoomOrUserIsUnknown()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), join(GW1, 1, "", "lobby"), sessionOpen(GW1, 2, "bob"), sessionClose(GW1, 2));

        assertNull(logic.describeRoom("nowhere"));
        assertNull(logic.describeUser("nobody"));
        assertNull(logic.describeUser("bob"), "a user with no session and no kept message is forgotten");
        assertNull(logic.describeRoom("alice"), "users and rooms are separate name spaces");
    }

    @Test
    void shouldEmitTheSameEventsAndDigestWhenStateIsDescribedBetweenCommands()
    {
        final List<byte[]> commands = script("\"end\"");
        final BusinessLogic[] plain = new BusinessLogic[1];
        final List<byte[]> expected = run(plain, commands);

        final List<byte[]> described = new ArrayList<>();
        final BusinessLogic inspected = new BusinessLogic((gatewayId, buffer, offset, length) ->
        {
            final byte[] bytes = new byte[length + 1];
            bytes[0] = (byte)gatewayId;
            buffer.getBytes(offset, bytes, 1, length);
            described.add(bytes);
        }, 1);
        long ts = START_TS_MS;
        for (int i = 0; i < commands.size(); i++)
        {
            applyTo(inspected, i + 1, ts += (i % 3), commands.get(i));
            inspected.describeRoom("all");
            inspected.describeRoom("room" + (i % 4));
            inspected.describeUser("user" + (i % 5));
            inspected.describeUser("offline-user");
        }

        assertEquals(expected.size(), described.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), described.get(i), "event " + i);
        }
        assertEquals(plain[0].digest(), inspected.digest());
    }

    // ---------------------------------------------------------------- determinism

    private static List<byte[]> script(final String lastData)
    {
        final List<byte[]> commands = new ArrayList<>();
        commands.add(gatewayReset(GW1));
        commands.add(gatewayReset(GW2));
        for (int s = 1; s <= 12; s++)
        {
            commands.add(sessionOpen(s % 3 == 0 ? GW2 : GW1, s, "user" + (s % 5)));
        }
        for (int s = 1; s <= 12; s++)
        {
            final int gateway = s % 3 == 0 ? GW2 : GW1;
            commands.add(join(gateway, s, "j" + s, "room" + (s % 4)));
            commands.add(join(gateway, s, "k" + s, "all"));
        }
        commands.add(direct(GW1, 1, "d0", "offline-user", "kept-1"));
        commands.add(direct(GW1, 2, "d1", "offline-user", "kept-2"));
        commands.add(direct(GW1, 1, "d2", "user3", "online"));
        for (int i = 0; i < 40; i++)
        {
            final int s = 1 + (i * 7) % 12;
            commands.add(publish(s % 3 == 0 ? GW2 : GW1, s, "p" + i, i % 5 == 0 ? "all" : "room" + (i % 4), "{\"i\":" + i + "}"));
        }
        for (int i = 0; i < 6; i++)
        {
            final int s = 1 + (i * 5) % 12;
            commands.add(typing(s % 3 == 0 ? GW2 : GW1, s, "", "all", i % 2 == 0));
            commands.add(presenceQuery(s % 3 == 0 ? GW2 : GW1, s, "q" + i, "room" + (s % 4)));
        }
        commands.add(typing(GW1, 1, "t", "room3", true)); // not a member: error
        commands.add(leave(GW1, 1, "l", "all"));
        commands.add(sessionClose(GW1, 2));
        commands.add(gatewayReset(GW2));
        commands.add(sessionOpen(GW2, 30, "offline-user"));
        commands.add(sessionOpen(GW2, 31, "user3")); // members whose gateway was reset come back online
        commands.add(presenceQuery(GW1, 4, "q", "all"));
        commands.add(new byte[]{1, 2, 3});
        commands.add(publish(GW1, 4, "last", "all", lastData));
        return commands;
    }

    private static List<byte[]> run(final BusinessLogic[] holder, final List<byte[]> commands)
    {
        final List<byte[]> out = new ArrayList<>();
        final BusinessLogic target = new BusinessLogic((gatewayId, buffer, offset, length) ->
        {
            final byte[] bytes = new byte[length + 1];
            bytes[0] = (byte)gatewayId;
            buffer.getBytes(offset, bytes, 1, length);
            out.add(bytes);
        }, 1);
        holder[0] = target;
        long ts = START_TS_MS;
        for (int i = 0; i < commands.size(); i++)
        {
            applyTo(target, i + 1, ts += (i % 3), commands.get(i));
        }
        return out;
    }

    @Test
    void shouldProduceIdenticalEventsAndDigestWhenSameCommandsAreAppliedToFreshInstances()
    {
        final BusinessLogic[] first = new BusinessLogic[1];
        final BusinessLogic[] second = new BusinessLogic[1];
        final List<byte[]> a = run(first, script("\"end\""));
        final List<byte[]> b = run(second, script("\"end\""));

        assertTrue(a.size() > 80, "the script exercises fan-out: " + a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++)
        {
            assertArrayEquals(a.get(i), b.get(i), "event " + i);
        }
        assertEquals(first[0].digest(), second[0].digest());
        assertEquals(first[0].lastAppliedSequence(), second[0].lastAppliedSequence());
        assertEquals(1, first[0].rejectedCommands());

        // The digest is the chain of the emitted event bytes, in order.
        final OutboundDigest expected = new OutboundDigest();
        for (final byte[] event : a)
        {
            expected.update(new UnsafeBuffer(event), 1, event.length - 1);
        }
        assertEquals(expected.value(), first[0].digest());
    }

    @Test
    void shouldProduceDifferentDigestWhenCommandsDiffer()
    {
        final BusinessLogic[] first = new BusinessLogic[1];
        final BusinessLogic[] second = new BusinessLogic[1];
        run(first, script("\"end\""));
        run(second, script("\"enD\""));
        assertNotEquals(first[0].digest(), second[0].digest());

        // Same commands, one timestamp different: the timestamp is part of the output too.
        final BusinessLogic x = new BusinessLogic(OutboundSink.DISCARD, 1);
        final BusinessLogic y = new BusinessLogic(OutboundSink.DISCARD, 1);
        for (final BusinessLogic target : new BusinessLogic[]{x, y})
        {
            applyTo(target, 1, START_TS_MS, sessionOpen(GW1, 1, "alice"));
            applyTo(target, 2, START_TS_MS, join(GW1, 1, "", "r"));
        }
        applyTo(x, 3, START_TS_MS + 1, publish(GW1, 1, "", "r", "same"));
        applyTo(y, 3, START_TS_MS + 2, publish(GW1, 1, "", "r", "same"));
        assertNotEquals(x.digest(), y.digest());
    }

    // ---------------------------------------------------------------- allocation

    @Test
    void shouldNotAllocateOnRoomMessagePathAfterWarmUp()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        if (!threads.isThreadAllocatedMemorySupported())
        {
            throw new AssertionError("thread allocation accounting is not supported by this JVM");
        }
        threads.setThreadAllocatedMemoryEnabled(true);

        final long[] eventCount = new long[1];
        final BusinessLogic target = new BusinessLogic((gatewayId, buffer, offset, length) -> eventCount[0]++, 10);
        long seq = 0;
        for (int s = 1; s <= 10; s++)
        {
            final int gateway = s <= 6 ? GW1 : GW2;
            applyTo(target, ++seq, START_TS_MS, sessionOpen(gateway, s, "member" + s));
            applyTo(target, ++seq, START_TS_MS, join(gateway, s, "", "hot-room"));
        }
        final byte[] command = publish(GW1, 3, "\"corr-123\"", "hot-room", "{\"text\":\"a realistic chat message body\"}");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[command.length + 8]);
        buffer.putBytes(8, command);

        for (int i = 0; i < 20_000; i++)
        {
            target.apply(++seq, START_TS_MS + i, buffer, 8, command.length);
        }

        // Calibrate: what reading the counter itself costs.
        final long calibrationStart = threads.getCurrentThreadAllocatedBytes();
        final long calibrationEnd = threads.getCurrentThreadAllocatedBytes();
        final long overhead = calibrationEnd - calibrationStart;

        // A path that allocates does so on every publish: 10,000 publishes would show at least 10,000 bytes in
        // every round. A stray one-off (a JIT deoptimisation, the JVM's own bookkeeping) may show in one round,
        // so the path counts as allocation-free when one of five rounds allocated nothing.
        long fewestBytes = Long.MAX_VALUE;
        for (int round = 0; round < 5 && fewestBytes != 0; round++)
        {
            final long eventsBefore = eventCount[0];
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++)
            {
                target.apply(++seq, START_TS_MS + i, buffer, 8, command.length);
            }
            final long after = threads.getCurrentThreadAllocatedBytes();
            assertEquals(30_000, eventCount[0] - eventsBefore, "two room messages (two gateways) and one ack per publish");
            fewestBytes = Math.min(fewestBytes, after - before - overhead);
        }
        assertEquals(0L, fewestBytes, "bytes allocated by 10,000 publishes to a 10-member room, fewest of five rounds");
    }

    @Test
    void shouldNotAllocateOnTypingFanOutOrPresenceQueryAfterWarmUp()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported())
        {
            throw new AssertionError("thread allocation accounting is not supported by this JVM");
        }
        threads.setThreadAllocatedMemoryEnabled(true);

        final long[] eventCount = new long[1];
        final BusinessLogic target = new BusinessLogic((gatewayId, buffer, offset, length) -> eventCount[0]++, 10);
        long seq = 0;
        for (int s = 1; s <= 10; s++)
        {
            final int gateway = s <= 6 ? GW1 : GW2;
            applyTo(target, ++seq, START_TS_MS, sessionOpen(gateway, s, "member" + (s % 8))); // two users with two tabs
            applyTo(target, ++seq, START_TS_MS, join(gateway, s, "", "hot-room"));
        }
        final byte[][] commands = {
            typing(GW1, 3, "", "hot-room", true), typing(GW1, 3, "", "hot-room", false), presenceQuery(GW2, 8, "\"q-1\"", "hot-room") };
        final UnsafeBuffer[] buffers = new UnsafeBuffer[commands.length];
        for (int i = 0; i < commands.length; i++)
        {
            buffers[i] = new UnsafeBuffer(new byte[commands[i].length + 8]);
            buffers[i].putBytes(8, commands[i]);
        }

        for (int i = 0; i < 30_000; i++)
        {
            target.apply(++seq, START_TS_MS + i, buffers[i % 3], 8, commands[i % 3].length);
        }
        final long overhead = -threads.getCurrentThreadAllocatedBytes() + threads.getCurrentThreadAllocatedBytes();
        long fewestBytes = Long.MAX_VALUE;
        for (int round = 0; round < 5 && fewestBytes != 0; round++)
        {
            final long eventsBefore = eventCount[0];
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 9_999; i++)
            {
                target.apply(++seq, START_TS_MS + i, buffers[i % 3], 8, commands[i % 3].length);
            }
            final long after = threads.getCurrentThreadAllocatedBytes();
            assertEquals(3_333 * 5, eventCount[0] - eventsBefore, "two typing events each (two gateways) and one reply per query");
            fewestBytes = Math.min(fewestBytes, after - before - overhead);
        }
        assertEquals(0L, fewestBytes, "bytes allocated by 6,666 typing fan-outs and 3,333 presence replies, fewest of five rounds");
    }
}
