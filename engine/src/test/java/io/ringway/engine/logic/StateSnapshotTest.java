package io.ringway.engine.logic;

import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkType;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.ringway.engine.LinkTestSupport.addMember;
import static io.ringway.engine.LinkTestSupport.createGroup;
import static io.ringway.engine.LinkTestSupport.direct;
import static io.ringway.engine.LinkTestSupport.gatewayReset;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots of the business logic ({@link StateSnapshotWriter}, {@link StateSnapshotReader}): an instance loaded
 * from a snapshot taken after any prefix of a script must produce, for the rest of the script, the very bytes an
 * instance that applied the whole script produced, and end with the same digest and counters.
 */
class StateSnapshotTest
{
    private static final int INBOX_LIMIT = 3;
    private static final long START_TS_MS = 1_700_000_000_000L;

    /** Every kind of state: sessions on three gateways, memberships kept offline, inboxes, senders forgotten since. */
    private static List<byte[]> script()
    {
        final List<byte[]> commands = new ArrayList<>();
        commands.add(gatewayReset(1));
        for (int s = 1; s <= 9; s++)
        {
            final int gateway = 1 + s % 3;
            commands.add(sessionOpen(gateway, s, "user" + (s % 4)));
            commands.add(join(gateway, s, "j" + s, "room" + (s % 3)));
            commands.add(join(gateway, s, "a" + s, "all"));
        }
        commands.add(sessionOpen(7, 100, "ghost"));
        commands.add(direct(7, 100, "g1", "absent", "\"from a ghost\"")); // kept, and the sender is forgotten below
        commands.add(sessionClose(7, 100));
        commands.add(direct(2, 1, "d1", "absent", "\"kept-2\""));
        commands.add(direct(2, 1, "d2", "absent", "\"kept-3\""));
        commands.add(direct(2, 1, "d3", "absent", "\"full\"")); // inbox_full
        commands.add(direct(2, 1, "d4", "user2", "\"online\""));
        for (int i = 0; i < 30; i++)
        {
            final int s = 1 + (i * 4) % 9;
            commands.add(publish(1 + s % 3, s, "p" + i, i % 4 == 0 ? "all" : "room" + (s % 3), "{\"i\":" + i + "}"));
        }
        commands.add(typing(2, 4, "", "all", true));
        commands.add(presenceQuery(3, 2, "q1", "all"));
        commands.add(leave(2, 1, "l1", "all"));
        // Groups and a private room: roles, a removed member, a pair.
        commands.add(sessionOpen(1, 60, "owner"));
        commands.add(createGroup(1, 60, "c1", "team", "Team", "user1", "user2"));
        commands.add(join(1, 60, "jt", "team"));
        commands.add(addMember(1, 60, "am", "team", "user3", LinkCommandEncoder.ROLE_ADMIN));
        commands.add(join(2, 1, "jt1", "team"));
        commands.add(publish(2, 1, "pt1", "team", "\"in the group\""));
        commands.add(removeMember(1, 60, "rm", "team", "user2"));
        commands.add(openPrivate(1, 60, "pv", "user1"));
        // History: a room with more messages than the 4 kept, edits, a tombstone, retries, a page and a resume.
        commands.add(join(3, 2, "jh", "hist"));
        for (int i = 1; i <= 6; i++)
        {
            commands.add(publish(3, 2, "ph" + i, "hist", "{\"n\":" + i + "}"));
        }
        commands.add(RoomHistoryTest.historyCommandOn(3, LinkType.EDIT, 2, "\"e6\"", "hist", null, 6, 0, 0, 0, "\"six!\""));
        commands.add(RoomHistoryTest.historyCommandOn(3, LinkType.DELETE, 2, "\"d5\"", "hist", null, 5, 0, 0, 0, null));
        commands.add(RoomHistoryTest.historyCommandOn(3, LinkType.EDIT, 2, "\"e1\"", "hist", null, 1, 0, 0, 0, "\"gone\""));
        commands.add(RoomHistoryTest.historyCommandOn(3, LinkType.PUBLISH_ONCE, 2, "\"o1\"", "hist", "c-1", -1, 0, 0, 0, "\"once\""));
        commands.add(RoomHistoryTest.historyCommandOn(3, LinkType.PUBLISH_ONCE, 2, "\"o2\"", "hist", "c-1", -1, 0, 0, 0, "\"once\""));
        commands.add(RoomHistoryTest.historyCommandOn(3, LinkType.HISTORY, 2, "\"h\"", "hist", null, -1, 0, 10, 0, null));
        commands.add(RoomHistoryTest.historyCommandOn(2, LinkType.JOIN_RESUME, 4, "\"r\"", "hist", null, 4, 0, 0, 0, null));
        // The settings change mid-journal: fewer messages kept (the room above drops to 2 at once), smaller inboxes,
        // fewer rooms per session, presence announced in no room, no deduplication. A snapshot must carry them.
        commands.add(settingsCommand(new LogicSettings(1, new RoomLimits(2, 10, 1_000, 0), new io.ringway.engine.HistoryConfig(2, 0))));
        commands.add(sessionClose(3, 2)); // a member goes offline, stays a member
        commands.add(gatewayReset(1)); // sessions 3, 6, 9 close: members offline
        commands.add(presenceQuery(2, 4, "q2", "all"));
        commands.add(new byte[] {9, 9, 9}); // rejected
        commands.add(sessionOpen(1, 50, "absent")); // the inbox is delivered, the ghost's name with it
        commands.add(sessionOpen(1, 51, "user3")); // back online in its rooms
        commands.add(join(1, 51, "j51", "all"));
        commands.add(publish(1, 51, "p51", "all", "\"back\""));
        commands.add(presenceQuery(1, 51, "q3", "all"));
        commands.add(leave(2, 4, "l4", "room1"));
        commands.add(publish(2, 7, "p7", "room1", "\"after\""));
        commands.add(direct(1, 50, "d5", "user0", "\"hi\""));
        commands.add(gatewayReset(2));
        commands.add(presenceQuery(1, 51, "q4", "all"));
        commands.add(RoomHistoryTest.historyCommandOn(2, LinkType.PUBLISH_ONCE, 4, "\"o3\"", "hist", "c-1", -1, 0, 0, 0, "\"once\""));
        commands.add(publish(1, 60, "pt2", "team", "\"after the reset\""));
        commands.add(RoomHistoryTest.historyCommandOn(1, LinkType.JOIN_RESUME, 51, "\"r2\"", "hist", null, -1, 0, 3, 0, null));
        return commands;
    }

    static byte[] settingsCommand(final LogicSettings settings)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = settings.encodeCommand(buffer, 0);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /** A business logic that records every event (gateway id byte, then the event bytes). */
    private static final class Recorded
    {
        final List<byte[]> events = new ArrayList<>();
        final BusinessLogic logic = new BusinessLogic((gatewayId, buffer, offset, length) ->
        {
            final byte[] bytes = new byte[length + 1];
            bytes[0] = (byte)gatewayId;
            buffer.getBytes(offset, bytes, 1, length);
            events.add(bytes);
        }, INBOX_LIMIT, RoomLimits.DEFAULTS, new io.ringway.engine.HistoryConfig(4, 60_000));

        void apply(final List<byte[]> commands, final int from, final int to)
        {
            for (int i = from; i < to; i++)
            {
                final byte[] command = commands.get(i);
                logic.apply(i + 1, START_TS_MS + i * 7L, new UnsafeBuffer(command), 0, command.length);
            }
        }
    }

    private static byte[] snapshotOf(final BusinessLogic logic)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        buffer.putLong(0, 0x5A5A5A5A5A5A5A5AL);
        final int length = logic.writeSnapshot(buffer, 3); // not at 0: the offset is honoured
        final byte[] bytes = new byte[length];
        buffer.getBytes(3, bytes);
        return bytes;
    }

    private static Recorded loaded(final byte[] snapshot)
    {
        final Recorded recorded = new Recorded();
        recorded.logic.loadSnapshot(new UnsafeBuffer(snapshot), 0, snapshot.length);
        assertEquals(List.of(), recorded.events, "loading emits nothing");
        return recorded;
    }

    private static void assertSameOutput(final List<byte[]> expected, final List<byte[]> actual, final String what)
    {
        assertEquals(expected.size(), actual.size(), what + ": event count");
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), actual.get(i), what + ": event " + i);
        }
    }

    @Test
    void shouldProduceTheSameEventsDigestAndCountersAsAFullRunWhenLoadedFromASnapshotAfterAnyCommand()
    {
        final List<byte[]> commands = script();
        final Recorded full = new Recorded();
        full.apply(commands, 0, commands.size());
        assertTrue(full.events.size() > 100, "the script exercises the logic: " + full.events.size());

        for (int cut = 0; cut <= commands.size(); cut++)
        {
            final Recorded before = new Recorded();
            before.apply(commands, 0, cut);
            final int eventsBefore = before.events.size();
            final Recorded resumed = loaded(snapshotOf(before.logic));
            assertEquals(before.logic.digest(), resumed.logic.digest(), "digest after loading, cut " + cut);

            resumed.apply(commands, cut, commands.size());
            assertSameOutput(full.events.subList(eventsBefore, full.events.size()), resumed.events, "cut " + cut);
            assertEquals(full.logic.digest(), resumed.logic.digest(), "digest, cut " + cut);
            assertEquals(full.logic.lastAppliedSequence(), resumed.logic.lastAppliedSequence());
            assertEquals(full.logic.commandsApplied(), resumed.logic.commandsApplied());
            assertEquals(full.logic.rejectedCommands(), resumed.logic.rejectedCommands());
            assertEquals(full.logic.userCount(), resumed.logic.userCount(), "users, cut " + cut);
            assertEquals(full.logic.roomCount(), resumed.logic.roomCount());
            assertEquals(full.logic.sessionCount(), resumed.logic.sessionCount());
        }
    }

    @Test
    void shouldCarryOnIdenticallyWhenASnapshotOfALoadedInstanceIsLoadedAgain()
    {
        final List<byte[]> commands = script();
        final int cut = commands.size() / 2;
        final Recorded full = new Recorded();
        full.apply(commands, 0, commands.size());
        final Recorded first = new Recorded();
        first.apply(commands, 0, cut);
        final int eventsBefore = first.events.size();

        // the hash tables of a loaded instance are laid out differently: the output must not care
        final Recorded second = loaded(snapshotOf(loaded(snapshotOf(first.logic)).logic));
        assertEquals(snapshotOf(first.logic).length, snapshotOf(second.logic).length);
        second.apply(commands, cut, commands.size());
        assertSameOutput(full.events.subList(eventsBefore, full.events.size()), second.events, "second generation");
        assertEquals(full.logic.digest(), second.logic.digest());
    }

    @Test
    void shouldDescribeRoomsAndUsersAsAFullRunDoesWhenLoaded()
    {
        final List<byte[]> commands = script();
        final int cut = 27; // offline members, an inbox with a forgotten sender's message, sessions on three gateways
        final Recorded full = new Recorded();
        full.apply(commands, 0, cut);
        final Recorded resumed = loaded(snapshotOf(full.logic));
        for (final String room : List.of("all", "room0", "room1", "room2"))
        {
            assertEquals(full.logic.describeRoom(room), resumed.logic.describeRoom(room), room);
        }
        for (final String user : List.of("user0", "user1", "user2", "user3", "absent", "ghost"))
        {
            assertEquals(full.logic.describeUser(user), resumed.logic.describeUser(user), user);
        }
    }

    @Test
    void shouldRefuseToLoadWhenTheInstanceIsNotFresh()
    {
        final List<byte[]> commands = script();
        final Recorded source = new Recorded();
        source.apply(commands, 0, 10);
        final byte[] snapshot = snapshotOf(source.logic);
        final Recorded busy = new Recorded();
        busy.apply(commands, 0, 1);
        assertThrows(IllegalStateException.class, () -> busy.logic.loadSnapshot(new UnsafeBuffer(snapshot), 0, snapshot.length));
    }

    @Test
    void shouldRefuseABodyThatIsCutShortOrHasBytesLeftOver()
    {
        final List<byte[]> commands = script();
        final Recorded source = new Recorded();
        source.apply(commands, 0, 40);
        final byte[] snapshot = snapshotOf(source.logic);
        for (int length = 0; length < snapshot.length; length++)
        {
            final byte[] cut = Arrays.copyOf(snapshot, length);
            assertThrows(RuntimeException.class, () -> new Recorded().logic.loadSnapshot(new UnsafeBuffer(cut), 0, cut.length),
                "cut to " + length);
        }
        final byte[] longer = Arrays.copyOf(snapshot, snapshot.length + 1);
        assertThrows(IllegalStateException.class, () -> new Recorded().logic.loadSnapshot(new UnsafeBuffer(longer), 0, longer.length));
    }

    @Test
    void shouldAdoptTheSettingsASnapshotWasWrittenWithWhateverTheInstanceStartedWith()
    {
        final Recorded recorded = new Recorded();
        final List<byte[]> commands = script();
        recorded.apply(commands, 0, commands.size());
        final LogicSettings changed = recorded.logic.settings();
        assertEquals(2, changed.history().perRoomMessages(), "the script's ENGINE_SETTINGS took effect");
        final byte[] snapshot = snapshotOf(recorded.logic);

        final BusinessLogic fresh = new BusinessLogic(OutboundSink.DISCARD, LogicSettings.DEFAULTS);
        fresh.loadSnapshot(new UnsafeBuffer(snapshot), 0, snapshot.length);
        assertEquals(changed, fresh.settings(), "a snapshot loads with the settings it was written under");
    }

    /** The test vector in PROTOCOL.md, "Snapshots": alice's session 1 on gateway 1 has joined lobby, which has one message. */
    @Test
    void shouldWriteTheDocumentedBytesWhenOneUserHasJoinedOneRoom()
    {
        final Recorded recorded = new Recorded();
        recorded.apply(List.of(sessionOpen(1, 1, "al"), join(1, 1, "j", "lo"), publish(1, 1, "p", "lo", "1")), 0, 3);
        final StringBuilder hex = new StringBuilder();
        for (final byte b : snapshotOf(recorded.logic))
        {
            hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xFF));
        }
        assertEquals(VECTOR, hex.toString());
    }

    private static final String VECTOR =
        "03 00 00 00 00 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 22 87 b9 7f 2c 16 a0 b8 " +
        "03 00 00 00 e8 03 00 00 e8 03 00 00 00 00 01 00 e8 03 00 00 04 00 00 00 60 ea 00 00 00 00 00 00 " +
        "01 00 00 00 02 00 6c 6f 01 00 00 00 00 00 00 00 00 5a 5b 1e 18 24 0a 06 00 01 00 00 00 00 00 00 " +
        "00 01 00 00 00 00 00 00 00 03 00 00 00 00 00 00 00 0e 68 e5 cf 8b 01 00 00 ff ff ff ff ff ff ff " +
        "ff 00 02 00 61 6c 01 00 00 00 31 00 00 00 00 01 00 00 00 02 00 61 6c 01 00 00 00 01 00 00 00 01 " +
        "00 00 00 00 00 00 00 01 00 00 00 02 00 6c 6f 01 00 00 00 02 00 6c 6f 01 00 00 00 00 00 00 00 00 " +
        "01 00 00 00 02 00 61 6c 01 00 00 00 01 00 00 00 01 00 00 00 01 00 00 00 00 00 00 00";
}
