package io.ringway.engine.logic;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.LongArrayList;

import java.util.ArrayDeque;
import java.util.ArrayList;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Writes everything {@link BusinessLogic} holds into a snapshot body, so that {@link StateSnapshotReader}
 * rebuilds an instance whose output, for any further commands, is byte-identical to one that replayed the
 * whole journal. One method per state class; a new piece of state is a few lines in each of the two classes
 * and a {@link #FORMAT_VERSION} bump (an older engine then refuses the newer body instead of misreading it).
 *
 * <p>Body layout (PROTOCOL.md, "Snapshots"), all little-endian; a name is {@code u16 length, UTF-8 bytes};
 * users and rooms refer to each other by name, so the layout needs no ids and the hash tables' slot order
 * (the order rooms and users are listed in) never reaches the output:
 * <pre>
 *   counters   lastAppliedSequence i64, commandsApplied i64, rejectedCommands i64, digest i64
 *   settings   inboxLimit i32, maxRoomsPerSession i32, maxGroupMembers i32, maxMessageBytes i32,
 *              presenceAnnounceMax i32, perRoomMessages i32, dedupeWindowMs i64
 *              (the settings in force: a snapshot loads with them, whatever the engine's flags; version 5 on,
 *              since the journal records them as ENGINE_SETTINGS)
 *   rooms      count i32, then per room:  name, lastSeq i64, kind u8 (0 open, 1 group, 2 private),
 *                title (groups only: name), epoch i64,
 *                kept messages: oldestSeq i64, latestSeq i64, then per seq oldestSeq..latestSeq:
 *                  msgId i64, timestampMs i64, changedTimestampMs i64, state u8, from name, data length i32, data
 *                client message ids: count i32, per id (oldest first): key i64, seq i64, timestampMs i64
 *   users      count i32, then per user:  name
 *   per user, in the users' order:
 *     sessions     count i32, per session (open order): gatewayId i32, sessionId i64, rooms count i32, room names (join order)
 *     memberships  count i32, per membership (join order): room name, joinedConnections i32, role u8
 *     inbox        count i32, per message (arrival order): from name, timestampMs i64, data length i32, data
 *   per room, in the rooms' order:
 *     members      count i32, user names in the order they became members
 *     fan-out      gateway count i32, per gateway with joined sessions: gatewayId i32, count i32, sessionId i64 (join order)
 * </pre>
 *
 * Runs on the logic thread, at a command boundary; it allocates only to grow the reused buffer.
 */
final class StateSnapshotWriter
{
    /** Layout version of the body: bump it whenever the layout above changes. */
    static final int FORMAT_VERSION = 5;

    private final ExpandableArrayBuffer buffer;
    private int position;

    private StateSnapshotWriter(final ExpandableArrayBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.position = offset;
    }

    /** @return the body length written at {@code offset} */
    static int write(final BusinessLogic logic, final ExpandableArrayBuffer buffer, final int offset)
    {
        final StateSnapshotWriter writer = new StateSnapshotWriter(buffer, offset);
        writer.counters(logic);
        writer.settings(logic);
        final NameTable<RoomState> rooms = logic.rooms();
        final NameTable<UserState> users = logic.users();
        writer.putInt(rooms.size());
        rooms.forEachValue(writer::roomHead);
        writer.putInt(users.size());
        users.forEachValue(user -> writer.putName(user.name));
        users.forEachValue(writer::user);
        rooms.forEachValue(writer::roomMembers);
        return writer.position - offset;
    }

    private void counters(final BusinessLogic logic)
    {
        putLong(logic.lastAppliedSequence());
        putLong(logic.commandsApplied());
        putLong(logic.rejectedCommands());
        putLong(logic.digest());
    }

    private void settings(final BusinessLogic logic)
    {
        putInt(logic.inboxLimit());
        final RoomLimits limits = logic.roomLimits();
        putInt(limits.maxRoomsPerSession());
        putInt(limits.maxGroupMembers());
        putInt(limits.maxMessageBytes());
        putInt(limits.presenceAnnounceMax());
        putInt(logic.history().config().perRoomMessages());
        putLong(logic.history().config().dedupeWindowMs());
    }

    private void roomHead(final RoomState room)
    {
        putName(room.name);
        putLong(room.lastSeq);
        putByte(room.kind.ordinal());
        if (room.kind == RoomKind.GROUP)
        {
            putName(room.title);
        }
        putLong(room.epoch);
        messageLog(room.log);
        clientIdDedupe(room.dedupe);
    }

    private void messageLog(final MessageLog log)
    {
        final long oldest = log.oldestSeq();
        final long latest = log.latestSeq();
        putLong(oldest);
        putLong(latest);
        final org.agrona.DirectBuffer bytes = log.bytes();
        for (long seq = oldest; seq <= latest; seq++)
        {
            putLong(log.msgId(seq));
            putLong(log.timestamp(seq));
            putLong(log.changedTimestamp(seq));
            putByte(log.state(seq));
            final int fromLength = log.fromLength(seq);
            buffer.putShort(position, (short)fromLength, LITTLE_ENDIAN);
            buffer.putBytes(position + Short.BYTES, bytes, log.fromOffset(seq), fromLength);
            position += Short.BYTES + fromLength;
            final int dataLength = log.dataLength(seq);
            putInt(dataLength);
            buffer.putBytes(position, bytes, log.dataOffset(seq), dataLength);
            position += dataLength;
        }
    }

    private void clientIdDedupe(final ClientIdDedupe dedupe)
    {
        final int count = dedupe.size();
        putInt(count);
        for (int i = 0; i < count; i++)
        {
            putLong(dedupe.keyAt(i));
            putLong(dedupe.seqAt(i));
            putLong(dedupe.timestampAt(i));
        }
    }

    private void user(final UserState user)
    {
        final ArrayList<SessionState> sessions = user.sessions;
        putInt(sessions.size());
        for (int i = 0, size = sessions.size(); i < size; i++)
        {
            session(sessions.get(i));
        }
        final ArrayList<Membership> memberships = user.memberships;
        putInt(memberships.size());
        for (int i = 0, size = memberships.size(); i < size; i++)
        {
            membership(memberships.get(i));
        }
        final ArrayDeque<PendingDirectMessage> inbox = user.inbox;
        putInt(inbox.size());
        for (final PendingDirectMessage message : inbox)
        {
            pendingDirectMessage(message);
        }
    }

    private void session(final SessionState session)
    {
        putInt(session.gatewayId);
        putLong(session.sessionId);
        final ArrayList<RoomState> joined = session.rooms;
        putInt(joined.size());
        for (int i = 0, size = joined.size(); i < size; i++)
        {
            putName(joined.get(i).name);
        }
    }

    private void membership(final Membership membership)
    {
        putName(membership.room.name);
        putInt(membership.joinedConnections);
        putByte(membership.role);
    }

    private void pendingDirectMessage(final PendingDirectMessage message)
    {
        putName(message.from.name);
        putLong(message.timestampMs);
        final int length = message.data.capacity();
        putInt(length);
        buffer.putBytes(position, message.data, 0, length);
        position += length;
    }

    private void roomMembers(final RoomState room)
    {
        final ArrayList<Membership> memberships = room.memberships;
        putInt(memberships.size());
        for (int i = 0, size = memberships.size(); i < size; i++)
        {
            putName(memberships.get(i).user.name);
        }
        int gateways = 0;
        for (int gateway = 0, slots = room.gatewaySlots(); gateway < slots; gateway++)
        {
            final LongArrayList members = room.members(gateway);
            if (members != null && !members.isEmpty())
            {
                gateways++;
            }
        }
        putInt(gateways);
        for (int gateway = 0, slots = room.gatewaySlots(); gateway < slots; gateway++)
        {
            final LongArrayList members = room.members(gateway);
            if (members != null && !members.isEmpty())
            {
                putInt(gateway);
                putInt(members.size());
                for (int i = 0, size = members.size(); i < size; i++)
                {
                    putLong(members.getLong(i));
                }
            }
        }
    }

    private void putName(final byte[] name)
    {
        buffer.putShort(position, (short)name.length, LITTLE_ENDIAN);
        buffer.putBytes(position + Short.BYTES, name);
        position += Short.BYTES + name.length;
    }

    private void putByte(final int value)
    {
        buffer.putByte(position, (byte)value);
        position += Byte.BYTES;
    }

    private void putInt(final int value)
    {
        buffer.putInt(position, value, LITTLE_ENDIAN);
        position += Integer.BYTES;
    }

    private void putLong(final long value)
    {
        buffer.putLong(position, value, LITTLE_ENDIAN);
        position += Long.BYTES;
    }
}
