package io.ringway.engine.logic;

import io.ringway.codec.ErrorCode;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.LinkTestSupport.Event;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.ringway.engine.LinkTestSupport.addMember;
import static io.ringway.engine.LinkTestSupport.createGroup;
import static io.ringway.engine.LinkTestSupport.direct;
import static io.ringway.engine.LinkTestSupport.join;
import static io.ringway.engine.LinkTestSupport.leave;
import static io.ringway.engine.LinkTestSupport.openPrivate;
import static io.ringway.engine.LinkTestSupport.presenceQuery;
import static io.ringway.engine.LinkTestSupport.publish;
import static io.ringway.engine.LinkTestSupport.removeMember;
import static io.ringway.engine.LinkTestSupport.sessionClose;
import static io.ringway.engine.LinkTestSupport.sessionOpen;
import static io.ringway.engine.LinkTestSupport.typing;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Group and private rooms, member management and room limits, through {@link BusinessLogic} as the engine runs them. */
class GroupRoomsTest
{
    private static final int GW1 = 1;
    private static final int GW2 = 2;
    private static final long NO_SEQ = LinkEventEncoder.NO_SEQ;
    private static final long START_TS_MS = 1_700_000_000_000L;
    private static final int MEMBER = LinkCommandEncoder.ROLE_MEMBER;
    private static final int ADMIN = LinkCommandEncoder.ROLE_ADMIN;
    private static final int OWNER = LinkCommandEncoder.ROLE_OWNER;

    private final List<Event> events = new ArrayList<>();
    private final OutboundSink capture = (gatewayId, buffer, offset, length) -> events.add(Event.decode(gatewayId, buffer, offset, length));
    private BusinessLogic logic = new BusinessLogic(capture, 10, new RoomLimits(3, 5, 32));
    private long sequence;
    private long timestampMs = START_TS_MS;

    private void apply(final byte[] command)
    {
        applyTo(logic, ++sequence, timestampMs += 10, command);
    }

    private static void applyTo(final BusinessLogic target, final long sequence, final long timestampMs, final byte[] command)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[command.length + 16]);
        buffer.putBytes(5, command);
        target.apply(sequence, timestampMs, buffer, 5, command.length);
    }

    private List<Event> drain()
    {
        final List<Event> drained = new ArrayList<>(events);
        events.clear();
        return drained;
    }

    private List<Event> applyAndDrain(final byte[] command)
    {
        events.clear();
        apply(command);
        return drain();
    }

    private void applyAndIgnore(final byte[]... commands)
    {
        for (final byte[] command : commands)
        {
            apply(command);
        }
        events.clear();
    }

    private static void assertAck(final Event event, final int gatewayId, final long sessionId, final String corrId)
    {
        assertEquals(LinkType.ACK, event.type(), event::toString);
        assertEquals(gatewayId, event.gatewayId(), event::toString);
        assertEquals(sessionId, event.sessionId(), event::toString);
        assertEquals(corrId, event.corrId(), event::toString);
    }

    private static void assertError(final List<Event> out, final long sessionId, final ErrorCode code)
    {
        assertEquals(1, out.size(), out::toString);
        assertEquals(LinkType.ERROR, out.get(0).type(), out::toString);
        assertEquals(sessionId, out.get(0).sessionId(), out::toString);
        assertEquals(code.wireId(), out.get(0).errorWireId(), () -> "expected " + code + ": " + out);
    }

    private static void assertMemberChange(
        final Event event, final int type, final int gatewayId, final String room, final String user, final int role, final String by,
        final long... recipients)
    {
        assertEquals(type, event.type(), event::toString);
        assertEquals(gatewayId, event.gatewayId(), event::toString);
        assertEquals(room, event.room(), event::toString);
        assertEquals(user, event.user(), event::toString);
        assertEquals(role, event.kind(), event::toString);
        assertEquals(by, event.from(), event::toString);
        assertArrayEquals(recipients, event.recipients(), event::toString);
    }

    /** alice (session 1) owns team-a with bob (2) and carol (3), all three joined. */
    private void teamOfThreeJoined()
    {
        applyAndIgnore(
            sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), sessionOpen(GW1, 3, "carol"),
            createGroup(GW1, 1, "", "team-a", "Team A", "bob", "carol"),
            join(GW1, 1, "", "team-a"), join(GW1, 2, "", "team-a"), join(GW1, 3, "", "team-a"));
    }

    // ---------------------------------------------------------------- create

    @Test
    void shouldAckCreatorAndTellEachInitialMemberOnEveryOpenConnectionWhenGroupIsCreated()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), sessionOpen(GW2, 3, "bob"), sessionOpen(GW1, 4, "dave"));

        final List<Event> out = applyAndDrain(createGroup(GW1, 1, "\"c1\"", "team-a", "Team A", "bob", "carol"));

        assertEquals(3, out.size(), out::toString);
        assertAck(out.get(0), GW1, 1, "\"c1\"");
        assertEquals(NO_SEQ, out.get(0).seq());
        assertMemberChange(out.get(1), LinkType.MEMBER_ADDED, GW1, "team-a", "bob", MEMBER, "alice", 2);
        assertMemberChange(out.get(2), LinkType.MEMBER_ADDED, GW2, "team-a", "bob", MEMBER, "alice", 3);
        // carol has no connection: nothing to send, but she is a member, listed offline.
        apply(join(GW1, 1, "", "team-a"));
        final List<Event> presence = applyAndDrain(presenceQuery(GW1, 1, "", "team-a"));
        assertEquals(List.of("alice=1", "bob=2", "carol=0"), presence.get(0).members(), presence::toString);
    }

    @Test
    void shouldReplyRoomExistsWhenTheNameIsAGroupOrAnOpenRoomAlready()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), join(GW1, 2, "", "lobby"),
            createGroup(GW1, 1, "", "team-a", ""));

        assertError(applyAndDrain(createGroup(GW1, 2, "", "team-a", "mine now")), 2, ErrorCode.ROOM_EXISTS);
        assertError(applyAndDrain(createGroup(GW1, 1, "", "lobby", "")), 1, ErrorCode.ROOM_EXISTS);
    }

    @Test
    void shouldReplyNotAllowedWhenAGroupNameHasThePrivateRoomPrefix()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"));

        assertError(applyAndDrain(createGroup(GW1, 1, "", "dm:5:alicebob", "")), 1, ErrorCode.NOT_ALLOWED);
        assertError(applyAndDrain(join(GW1, 1, "", "dm:5:alicebob")), 1, ErrorCode.NOT_MEMBER);
        assertEquals(0, logic.roomCount(), "no open room of a reserved name was created by the join");
    }

    @Test
    void shouldReplyUnauthenticatedWhenAGroupCommandComesFromAnUnknownSession()
    {
        assertError(applyAndDrain(createGroup(GW1, 9, "", "team-a", "")), 9, ErrorCode.UNAUTHENTICATED);
        assertError(applyAndDrain(openPrivate(GW1, 9, "", "bob")), 9, ErrorCode.UNAUTHENTICATED);
    }

    // ---------------------------------------------------------------- join rule

    @Test
    void shouldRefuseJoinOfANonMemberAndLetMembersJoinWithoutAJoinEvent()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), sessionOpen(GW1, 4, "mallory"),
            createGroup(GW1, 1, "", "team-a", "", "bob"), join(GW1, 1, "", "team-a"));

        assertError(applyAndDrain(join(GW1, 4, "", "team-a")), 4, ErrorCode.NOT_MEMBER);
        final List<Event> out = applyAndDrain(join(GW1, 2, "j", "team-a"));
        assertEquals(1, out.size(), "a member was a member before it joined: no join presence event, " + out);
        assertAck(out.get(0), GW1, 2, "j");
    }

    @Test
    void shouldKeepGroupMembershipWhenTheLastConnectionLeavesAndTellTheGroupOfflineAndOnline()
    {
        teamOfThreeJoined();

        final List<Event> left = applyAndDrain(leave(GW1, 3, "", "team-a"));
        assertEquals(1, left.size(), "leave ends no membership in a group: only the ack, " + left);
        final List<Event> offline = applyAndDrain(sessionClose(GW1, 3));
        assertEquals(LinkType.ROOM_PRESENCE, offline.get(0).type(), offline::toString);
        assertEquals(LinkEventEncoder.PRESENCE_OFFLINE, offline.get(0).kind());
        assertArrayEquals(new long[] {1, 2}, offline.get(0).recipients());
        final List<Event> presence = applyAndDrain(presenceQuery(GW1, 1, "", "team-a"));
        assertEquals(List.of("alice=1", "bob=1", "carol=0"), presence.get(0).members());
    }

    // ---------------------------------------------------------------- add

    @Test
    void shouldLetTheOwnerAndAnAdminAddMembersAndTellTheGroupAndTheNewMember()
    {
        teamOfThreeJoined();
        applyAndIgnore(sessionOpen(GW1, 4, "dave"), sessionOpen(GW1, 5, "erin"));

        final List<Event> byOwner = applyAndDrain(addMember(GW1, 1, "a1", "team-a", "dave", ADMIN));
        assertAck(byOwner.get(0), GW1, 1, "a1");
        // the group's joined connections in join order, then dave's own connection, which is in no room
        assertMemberChange(byOwner.get(1), LinkType.MEMBER_ADDED, GW1, "team-a", "dave", ADMIN, "alice", 1, 2, 3, 4);

        final List<Event> byAdmin = applyAndDrain(addMember(GW1, 4, "a2", "team-a", "erin", MEMBER));
        assertAck(byAdmin.get(0), GW1, 4, "a2");
        // dave has not joined the group with a connection: the ack tells him, the event goes to the joined ones and erin
        assertMemberChange(byAdmin.get(1), LinkType.MEMBER_ADDED, GW1, "team-a", "erin", MEMBER, "dave", 1, 2, 3, 5);
    }

    @Test
    void shouldReplyNotAllowedWhenAPlainMemberOrANonMemberAddsSomeone()
    {
        teamOfThreeJoined();
        applyAndIgnore(sessionOpen(GW1, 4, "mallory"), join(GW1, 4, "", "lobby"));

        assertError(applyAndDrain(addMember(GW1, 2, "", "team-a", "dave", MEMBER)), 2, ErrorCode.NOT_ALLOWED);
        assertError(applyAndDrain(addMember(GW1, 4, "", "team-a", "mallory", ADMIN)), 4, ErrorCode.NOT_ALLOWED);
        assertError(applyAndDrain(addMember(GW1, 4, "", "lobby", "dave", MEMBER)), 4, ErrorCode.NOT_ALLOWED);
        assertError(applyAndDrain(addMember(GW1, 1, "", "no-such-group", "dave", MEMBER)), 1, ErrorCode.NOT_ALLOWED);
    }

    @Test
    void shouldReplyAlreadyMemberWhenTheUserIsAMemberAlready()
    {
        teamOfThreeJoined();

        assertError(applyAndDrain(addMember(GW1, 1, "", "team-a", "bob", ADMIN)), 1, ErrorCode.ALREADY_MEMBER);
        assertError(applyAndDrain(addMember(GW1, 1, "", "team-a", "alice", MEMBER)), 1, ErrorCode.ALREADY_MEMBER);
    }

    // ---------------------------------------------------------------- remove

    @Test
    void shouldStopDeliveringToARemovedMemberAndRefuseEverythingItTriesInTheGroup()
    {
        teamOfThreeJoined();
        applyAndIgnore(sessionOpen(GW2, 7, "carol")); // carol's second connection, in no room, on another gateway

        final List<Event> removed = applyAndDrain(removeMember(GW1, 1, "r", "team-a", "carol"));
        assertEquals(3, removed.size(), removed::toString);
        assertAck(removed.get(0), GW1, 1, "r");
        assertMemberChange(removed.get(1), LinkType.MEMBER_REMOVED, GW1, "team-a", "carol", MEMBER, "alice", 1, 2, 3);
        assertMemberChange(removed.get(2), LinkType.MEMBER_REMOVED, GW2, "team-a", "carol", MEMBER, "alice", 7);

        final List<Event> published = applyAndDrain(publish(GW1, 1, "", "team-a", "\"after\""));
        assertArrayEquals(new long[] {1, 2}, published.get(0).recipients(), "carol's connection left the fan-out: " + published);

        assertError(applyAndDrain(publish(GW1, 3, "", "team-a", "\"hi\"")), 3, ErrorCode.NOT_MEMBER);
        assertError(applyAndDrain(typing(GW1, 3, "", "team-a", true)), 3, ErrorCode.NOT_MEMBER);
        assertError(applyAndDrain(presenceQuery(GW1, 3, "", "team-a")), 3, ErrorCode.NOT_MEMBER);
        assertError(applyAndDrain(join(GW1, 3, "", "team-a")), 3, ErrorCode.NOT_MEMBER);
        assertError(applyAndDrain(join(GW2, 7, "", "team-a")), 7, ErrorCode.NOT_MEMBER);
        final List<Event> presence = applyAndDrain(presenceQuery(GW1, 1, "", "team-a"));
        assertEquals(List.of("alice=1", "bob=1"), presence.get(0).members());
    }

    @Test
    void shouldLetTheOwnerAndAnAdminDeleteAMembersMessageButNotAPlainMember()
    {
        teamOfThreeJoined();
        applyAndIgnore(addMember(GW1, 1, "", "team-a", "dave", ADMIN), sessionOpen(GW1, 4, "dave"), join(GW1, 4, "", "team-a"),
            publish(GW1, 2, "", "team-a", "\"one\""), publish(GW1, 2, "", "team-a", "\"two\""));

        assertError(applyAndDrain(deleteInTeam(3, 1)), 3, ErrorCode.NOT_AUTHOR); // carol is a plain member
        final List<Event> byOwner = applyAndDrain(deleteInTeam(1, 1));
        assertEquals(LinkType.ROOM_DELETE, byOwner.get(0).type(), byOwner::toString);
        assertArrayEquals(new long[] {1, 2, 3, 4}, byOwner.get(0).recipients());
        final List<Event> byAdmin = applyAndDrain(deleteInTeam(4, 2));
        assertEquals(LinkType.ROOM_DELETE, byAdmin.get(0).type(), byAdmin::toString);
    }

    @Test
    void shouldReplyTooLargeWhenAnEditCarriesMoreDataThanTheMessageLimit()
    {
        teamOfThreeJoined();
        applyAndIgnore(publish(GW1, 2, "", "team-a", "\"short\""));

        final String big = "\"" + "x".repeat(40) + "\""; // the limit here is 32 bytes
        assertError(applyAndDrain(RoomHistoryTest.historyCommandOn(GW1, LinkType.EDIT, 2, "\"e\"", "team-a", null, 1, 0, 0, 0, big)),
            2, ErrorCode.TOO_LARGE);
        final List<Event> fits = applyAndDrain(RoomHistoryTest.historyCommandOn(GW1, LinkType.EDIT, 2, "\"e\"", "team-a", null, 1, 0, 0, 0,
            "\"still short\""));
        assertEquals(LinkType.ROOM_EDIT, fits.get(0).type(), fits::toString);
    }

    private static byte[] deleteInTeam(final long session, final long seq)
    {
        return RoomHistoryTest.historyCommand(LinkType.DELETE, session, "\"d\"", "team-a", null, seq, 0, 0, 0, null);
    }

    @Test
    void shouldReplyNotAllowedWhenAnyoneRemovesTheOwner()
    {
        teamOfThreeJoined();
        applyAndIgnore(addMember(GW1, 1, "", "team-a", "bob-admin", ADMIN), sessionOpen(GW1, 4, "bob-admin"));

        assertError(applyAndDrain(removeMember(GW1, 4, "", "team-a", "alice")), 4, ErrorCode.NOT_ALLOWED);
        assertError(applyAndDrain(removeMember(GW1, 1, "", "team-a", "alice")), 1, ErrorCode.NOT_ALLOWED);
    }

    @Test
    void shouldLetAMemberRemoveItselfButNotAnotherMember()
    {
        teamOfThreeJoined();

        assertError(applyAndDrain(removeMember(GW1, 2, "", "team-a", "carol")), 2, ErrorCode.NOT_ALLOWED);
        final List<Event> left = applyAndDrain(removeMember(GW1, 2, "me", "team-a", "bob"));
        assertAck(left.get(0), GW1, 2, "me");
        assertMemberChange(left.get(1), LinkType.MEMBER_REMOVED, GW1, "team-a", "bob", MEMBER, "bob", 1, 2, 3);
        assertError(applyAndDrain(publish(GW1, 2, "", "team-a", "1")), 2, ErrorCode.NOT_MEMBER);
    }

    @Test
    void shouldLetAnAdminRemoveAMemberAndReplyNotMemberForSomeoneOutsideTheGroup()
    {
        teamOfThreeJoined();
        applyAndIgnore(addMember(GW1, 1, "", "team-a", "bob-admin", ADMIN), sessionOpen(GW1, 4, "bob-admin"));

        final List<Event> out = applyAndDrain(removeMember(GW1, 4, "", "team-a", "bob"));
        // bob-admin's connection has not joined the group and is not the one removed: it gets the ack only
        assertMemberChange(out.get(1), LinkType.MEMBER_REMOVED, GW1, "team-a", "bob", MEMBER, "bob-admin", 1, 2, 3);
        assertError(applyAndDrain(removeMember(GW1, 4, "", "team-a", "zed")), 4, ErrorCode.NOT_MEMBER);
    }

    // ---------------------------------------------------------------- private

    @Test
    void shouldAnswerTheSamePrivateRoomIdWhoeverOpensItAndTellThePeerOnce()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "bob"), sessionOpen(GW1, 2, "alice"));

        final List<Event> byBob = applyAndDrain(openPrivate(GW1, 1, "p", "alice"));
        assertEquals(LinkType.ROOM_ACK, byBob.get(0).type(), byBob::toString);
        assertEquals("dm:5:alicebob", byBob.get(0).room());
        assertEquals("p", byBob.get(0).corrId());
        assertMemberChange(byBob.get(1), LinkType.MEMBER_ADDED, GW1, "dm:5:alicebob", "alice", MEMBER, "bob", 2);

        final List<Event> byAlice = applyAndDrain(openPrivate(GW1, 2, "q", "bob"));
        assertEquals(1, byAlice.size(), "the room exists: only the answer, " + byAlice);
        assertEquals("dm:5:alicebob", byAlice.get(0).room());
    }

    @Test
    void shouldLetBothUsersOfAPrivateRoomTalkAndRefuseAThirdUser()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), sessionOpen(GW1, 3, "carol"),
            openPrivate(GW1, 1, "", "bob"), join(GW1, 1, "", "dm:5:alicebob"), join(GW1, 2, "", "dm:5:alicebob"));

        final List<Event> out = applyAndDrain(publish(GW1, 2, "", "dm:5:alicebob", "\"hi\""));
        assertArrayEquals(new long[] {1, 2}, out.get(0).recipients(), out::toString);
        assertError(applyAndDrain(join(GW1, 3, "", "dm:5:alicebob")), 3, ErrorCode.NOT_MEMBER);
        assertError(applyAndDrain(removeMember(GW1, 1, "", "dm:5:alicebob", "bob")), 1, ErrorCode.NOT_ALLOWED);
        assertError(applyAndDrain(addMember(GW1, 1, "", "dm:5:alicebob", "carol", MEMBER)), 1, ErrorCode.NOT_ALLOWED);
    }

    @Test
    void shouldKeepPairsApartWhenUserIdsContainTheSeparator()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "a:1"), sessionOpen(GW1, 2, "a"));

        final String first = applyAndDrain(openPrivate(GW1, 1, "", "b")).get(0).room();
        final String second = applyAndDrain(openPrivate(GW1, 2, "", "1:b")).get(0).room();

        assertEquals("dm:3:a:1b", first);
        assertEquals("dm:3:1:ba", second, "ordered by bytes: '1' sorts before 'a'");
        assertNotEquals(first, second);
    }

    @Test
    void shouldReplyBadRequestWhenAUserOpensAPrivateRoomWithItself()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"));

        assertError(applyAndDrain(openPrivate(GW1, 1, "", "alice")), 1, ErrorCode.BAD_REQUEST);
    }

    @Test
    void shouldReplyBadRequestWhenAGroupCommandCarriesAnEmptyName()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"));

        assertError(applyAndDrain(createGroup(GW1, 1, "", "", "")), 1, ErrorCode.BAD_REQUEST);
        assertError(applyAndDrain(createGroup(GW1, 1, "", "g", "", "bob", "")), 1, ErrorCode.BAD_REQUEST);
        assertError(applyAndDrain(openPrivate(GW1, 1, "", "")), 1, ErrorCode.BAD_REQUEST);
        applyAndIgnore(createGroup(GW1, 1, "", "g", ""));
        assertError(applyAndDrain(addMember(GW1, 1, "", "g", "", MEMBER)), 1, ErrorCode.BAD_REQUEST);
        assertEquals(1, logic.roomCount());
    }

    // ---------------------------------------------------------------- limits

    @Test
    void shouldReplyTooManyRoomsWhenAConnectionHasJoinedTheLimitButStillAcceptARejoin()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), join(GW1, 1, "", "r1"), join(GW1, 1, "", "r2"), join(GW1, 1, "", "r3"));

        assertError(applyAndDrain(join(GW1, 1, "", "r4")), 1, ErrorCode.TOO_MANY_ROOMS);
        assertEquals(3, logic.roomCount(), "the refused join created no room");
        assertAck(applyAndDrain(join(GW1, 1, "again", "r2")).get(0), GW1, 1, "again");
        applyAndIgnore(leave(GW1, 1, "", "r1"));
        assertAck(applyAndDrain(join(GW1, 1, "now", "r4")).get(0), GW1, 1, "now");
    }

    @Test
    void shouldReplyGroupFullWhenCreatingOrAddingBeyondTheMemberLimit()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"));

        assertError(applyAndDrain(createGroup(GW1, 1, "", "big", "", "b", "c", "d", "e", "f")), 1, ErrorCode.GROUP_FULL);
        assertEquals(0, logic.roomCount(), "a refused group is not created");
        // duplicates and the owner listed again are not counted twice: five members, the limit
        final List<Event> created = applyAndDrain(createGroup(GW1, 1, "", "fits", "", "b", "c", "b", "alice", "d", "e"));
        assertAck(created.get(0), GW1, 1, "");
        assertError(applyAndDrain(addMember(GW1, 1, "", "fits", "f", MEMBER)), 1, ErrorCode.GROUP_FULL);
        applyAndIgnore(removeMember(GW1, 1, "", "fits", "b"));
        assertAck(applyAndDrain(addMember(GW1, 1, "x", "fits", "f", MEMBER)).get(0), GW1, 1, "x");
    }

    @Test
    void shouldCountEachDistinctListedMemberOnceWhenNamesShareAHashOrRepeatInAHugeList()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"));
        // "Aa" and "BB" hash alike, so these 4 names (and their repeats) all land in one probe chain
        final List<String> listed = new ArrayList<>();
        for (int i = 0; i < 3_000; i++)
        {
            listed.add(List.of("AaAa", "AaBB", "BBAa", "BBBB", "alice").get(i % 5));
        }
        final List<Event> created = applyAndDrain(createGroup(GW1, 1, "", "chain", "", listed.toArray(String[]::new)));
        assertAck(created.get(0), GW1, 1, "");
        // owner + 4 distinct = the limit of 5: created (none counted twice), and full (none taken for another)
        assertError(applyAndDrain(addMember(GW1, 1, "", "chain", "zz", MEMBER)), 1, ErrorCode.GROUP_FULL);

        // five distinct names of one hash and one length, with the owner one over the limit: none taken for another
        assertError(applyAndDrain(createGroup(GW1, 1, "", "over", "", "AaAaAa", "AaAaBB", "AaBBAa", "AaBBBB", "BBAaAa", "AaAaAa")),
            1, ErrorCode.GROUP_FULL);
        // 12,000 distinct names against a limit of 5: refused, and nothing created
        final String[] many = new String[12_000];
        for (int i = 0; i < many.length; i++)
        {
            many[i] = "m" + i;
        }
        assertError(applyAndDrain(createGroup(GW1, 1, "", "huge", "", many)), 1, ErrorCode.GROUP_FULL);
        assertEquals(1, logic.roomCount(), "only the first group exists");
    }

    @Test
    void shouldReplyTooLargeWhenDataExceedsTheMessageLimit()
    {
        applyAndIgnore(sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), join(GW1, 1, "", "lobby"));
        final String fits = "\"" + "x".repeat(30) + "\"";
        final String tooBig = "\"" + "x".repeat(31) + "\"";

        assertError(applyAndDrain(publish(GW1, 1, "", "lobby", tooBig)), 1, ErrorCode.TOO_LARGE);
        assertError(applyAndDrain(direct(GW1, 1, "", "bob", tooBig)), 1, ErrorCode.TOO_LARGE);
        assertEquals(LinkType.ROOM_MESSAGE, applyAndDrain(publish(GW1, 1, "", "lobby", fits)).get(0).type());
        assertEquals(LinkType.DIRECT_MESSAGE, applyAndDrain(direct(GW1, 1, "", "bob", fits)).get(0).type());
    }

    // ---------------------------------------------------------------- allocation

    @Test
    void shouldNotAllocateWhenPublishingToAGroupOrCheckingAccessAfterWarmUp()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported())
        {
            throw new AssertionError("thread allocation accounting is not supported by this JVM");
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        final long[] eventCount = new long[1];
        final BusinessLogic target = new BusinessLogic((g, b, o, l) -> eventCount[0]++, 10, RoomLimits.DEFAULTS);
        long seq = 0;
        applyTo(target, ++seq, START_TS_MS, sessionOpen(GW1, 1, "member1"));
        applyTo(target, ++seq, START_TS_MS, createGroup(GW1, 1, "", "hot-group", "", "member2", "member3", "member4", "member5"));
        for (int s = 1; s <= 5; s++)
        {
            if (s > 1)
            {
                applyTo(target, ++seq, START_TS_MS, sessionOpen(GW1, s, "member" + s));
            }
            applyTo(target, ++seq, START_TS_MS, join(GW1, s, "", "hot-group"));
        }
        final byte[] command = publish(GW1, 2, "\"c\"", "hot-group", "{\"text\":\"a realistic chat message body\"}");
        final UnsafeBuffer buffer = new UnsafeBuffer(command);
        // the access check on state shaped as the engine keeps it: a group, a user with a few memberships, this one last
        final RoomState room = new RoomState("hot-group".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        room.kind = RoomKind.GROUP;
        final UserState user = new UserState("member3".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (final RoomState other : new RoomState[] {new RoomState(new byte[] {'a'}), new RoomState(new byte[] {'b'}), room})
        {
            final Membership membership = new Membership(user, other);
            user.memberships.add(membership);
            other.memberships.add(membership);
        }
        boolean allowed = true;
        for (int i = 0; i < 20_000; i++)
        {
            target.apply(++seq, START_TS_MS + i, buffer, 0, command.length);
            allowed &= RoomAccess.canRead(room, user);
        }

        long fewestBytes = Long.MAX_VALUE;
        for (int round = 0; round < 5 && fewestBytes != 0; round++)
        {
            final long eventsBefore = eventCount[0];
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++)
            {
                target.apply(++seq, START_TS_MS + i, buffer, 0, command.length);
                allowed &= RoomAccess.canRead(room, user);
            }
            final long after = threads.getCurrentThreadAllocatedBytes();
            assertEquals(20_000, eventCount[0] - eventsBefore, "one room message and one ack per publish");
            fewestBytes = Math.min(fewestBytes, after - before);
        }
        assertEquals(true, allowed, "member3 may read the group");
        assertEquals(0L, fewestBytes, "bytes allocated by 10,000 group publishes and access checks, fewest of five rounds");
    }

    // ---------------------------------------------------------------- determinism

    private static List<byte[]> script()
    {
        return List.of(
            sessionOpen(GW1, 1, "alice"), sessionOpen(GW1, 2, "bob"), sessionOpen(GW2, 3, "carol"), sessionOpen(GW2, 4, "dave"),
            createGroup(GW1, 1, "c", "team-a", "Team A", "bob", "carol"),
            join(GW1, 1, "", "team-a"), join(GW1, 2, "", "team-a"), join(GW2, 3, "", "team-a"),
            addMember(GW1, 1, "", "team-a", "dave", ADMIN), join(GW2, 4, "", "team-a"),
            publish(GW1, 2, "", "team-a", "{\"text\":\"hi\"}"),
            removeMember(GW2, 4, "", "team-a", "carol"),
            publish(GW2, 3, "", "team-a", "\"refused\""),
            openPrivate(GW1, 1, "", "dave"), join(GW2, 4, "", "dm:5:alicedave"),
            publish(GW2, 4, "", "dm:5:alicedave", "\"psst\""),
            sessionClose(GW1, 2), removeMember(GW1, 2, "", "team-a", "bob"), join(GW1, 1, "", "r2"), join(GW1, 1, "", "r3"));
    }

    @Test
    void shouldProduceTheSameEventsAndDigestWhenTheSameGroupCommandsAreReplayed()
    {
        final List<byte[]> first = new ArrayList<>();
        final List<byte[]> second = new ArrayList<>();
        final BusinessLogic a = new BusinessLogic((g, b, o, l) -> first.add(copy(b, o, l)), 10, new RoomLimits(3, 4, 32));
        final BusinessLogic b = new BusinessLogic((g, buf, o, l) -> second.add(copy(buf, o, l)), 10, new RoomLimits(3, 4, 32));
        long seq = 0;
        for (final byte[] command : script())
        {
            seq++;
            applyTo(a, seq, START_TS_MS + seq, command);
            applyTo(b, seq, START_TS_MS + seq, command);
        }

        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++)
        {
            assertArrayEquals(first.get(i), second.get(i), "event " + i);
        }
        assertEquals(a.digest(), b.digest());
        assertEquals(0, a.rejectedCommands(), "every group command decoded");
        final BusinessLogic otherLimits = new BusinessLogic(OutboundSink.DISCARD, 10, new RoomLimits(2, 4, 32));
        seq = 0;
        for (final byte[] command : script())
        {
            seq++;
            applyTo(otherLimits, seq, START_TS_MS + seq, command);
        }
        assertNotEquals(a.digest(), otherLimits.digest(), "the limits are part of what a replay must repeat");
    }

    private static byte[] copy(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return Arrays.copyOf(bytes, length);
    }
}
