package io.ringway.engine.logic;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Rebuilds {@link BusinessLogic} state from a body {@link StateSnapshotWriter} wrote (layout there), in
 * the orders that reach the output: sessions per user in open order, rooms per session and memberships
 * per user in join order, room members in the order they became members, fan-out lists per gateway in
 * join order, inboxes in arrival order. A body that does not add up (a name it never defined, a
 * session twice, bytes left over or missing) is refused with {@link IllegalStateException}; the caller
 * then drops this instance, half loaded, and uses an older snapshot or the journal.
 */
final class StateSnapshotReader
{
    private final BusinessLogic logic;
    private final UnsafeBuffer buffer;
    /** Senders of kept messages who are no longer known users: only their names are used. */
    private final NameTable<UserState> formerUsers = new NameTable<>(16);
    private int position;
    private int membershipsByUser;
    private int membershipsByRoom;

    private StateSnapshotReader(final BusinessLogic logic, final DirectBuffer buffer, final int offset, final int length)
    {
        this.logic = logic;
        this.buffer = new UnsafeBuffer(buffer, offset, length); // bounds-checked: reading past the body throws
    }

    static void read(final BusinessLogic logic, final DirectBuffer buffer, final int offset, final int length)
    {
        if (logic.commandsApplied() != 0 || logic.userCount() != 0 || logic.roomCount() != 0)
        {
            throw new IllegalStateException("a snapshot loads only into a fresh BusinessLogic");
        }
        new StateSnapshotReader(logic, buffer, offset, length).readAll();
    }

    private void readAll()
    {
        logic.restoreCounters(getLong(), getLong(), getLong(), getLong());
        adoptSettings();
        final RoomState[] rooms = new RoomState[count()];
        logic.rooms().ensureCapacity(rooms.length);
        for (int i = 0; i < rooms.length; i++)
        {
            rooms[i] = roomHead();
        }
        final UserState[] users = new UserState[count()];
        logic.users().ensureCapacity(users.length);
        for (int i = 0; i < users.length; i++)
        {
            users[i] = userHead();
        }
        for (final UserState user : users)
        {
            user(user);
        }
        for (final RoomState room : rooms)
        {
            roomMembers(room);
        }
        check(position == buffer.capacity(), "bytes left over after the state");
        check(membershipsByRoom == membershipsByUser, "room and user memberships disagree");
    }

    /**
     * The settings in force when the snapshot was taken, adopted before any room is read: what is kept (inboxes,
     * history), refused and announced from here on depends on them, as it did for the engine that wrote it. The journal
     * after the snapshot carries any later ENGINE_SETTINGS.
     */
    private void adoptSettings()
    {
        final int inboxLimit = getInt();
        final int maxRoomsPerSession = getInt();
        final int maxGroupMembers = getInt();
        final int maxMessageBytes = getInt();
        final int presenceAnnounceMax = getInt();
        final int perRoomMessages = getInt();
        final long dedupeWindowMs = getLong();
        final LogicSettings settings;
        try
        {
            settings = new LogicSettings(inboxLimit, new RoomLimits(maxRoomsPerSession, maxGroupMembers, maxMessageBytes, presenceAnnounceMax),
                new io.ringway.engine.HistoryConfig(perRoomMessages, dedupeWindowMs));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalStateException("snapshot does not add up: settings out of range: " + ex.getMessage(), ex);
        }
        logic.applySettings(settings);
    }

    private RoomState roomHead()
    {
        check(findRoom() == null, "room listed twice");
        final RoomState room = new RoomState(getName());
        room.lastSeq = getLong();
        final int kind = getByte();
        check(kind >= 0 && kind < RoomKind.values().length, "bad room kind " + kind);
        room.kind = RoomKind.values()[kind];
        if (room.kind == RoomKind.GROUP)
        {
            room.title = getName();
        }
        logic.history().onRoomCreated(room, 0, 0); // its message log and client id memory, empty, as the engine's settings say
        room.epoch = getLong();
        messageLog(room);
        clientIdDedupe(room.dedupe);
        logic.rooms().put(room.name, room);
        return room;
    }

    /** The kept messages, oldest first, appended again with their current data; which are kept depends only on seqs. */
    private void messageLog(final RoomState room)
    {
        final long oldest = getLong();
        final long latest = getLong();
        check(oldest >= 1 && latest >= oldest - 1 && latest <= room.lastSeq, "bad kept message range");
        check(latest - oldest + 1 <= logic.history().config().perRoomMessages(), "more kept messages than the settings keep");
        final MessageLog log = room.log;
        log.restoreEmptyAt(oldest - 1);
        for (long seq = oldest; seq <= latest; seq++)
        {
            final long msgId = getLong();
            final long timestampMs = getLong();
            final long changedTimestampMs = getLong();
            final int state = getByte();
            final int fromLength = nameLength();
            final int fromOffset = position + Short.BYTES;
            position = fromOffset + fromLength;
            final int dataLength = getInt();
            check(dataLength >= 0 && dataLength <= buffer.capacity() - position, "bad message length");
            log.append(seq, msgId, timestampMs, buffer, fromOffset, fromLength, buffer, position, dataLength);
            position += dataLength;
            if (state != io.ringway.codec.link.LinkEventEncoder.ENTRY_ORIGINAL)
            {
                log.restoreChange(seq, state, changedTimestampMs);
            }
        }
    }

    private void clientIdDedupe(final ClientIdDedupe dedupe)
    {
        for (int i = 0, count = count(); i < count; i++)
        {
            dedupe.record(getLong(), getLong(), getLong());
        }
    }

    private UserState userHead()
    {
        check(findUser() == null, "user listed twice");
        final UserState user = new UserState(getName());
        logic.users().put(user.name, user);
        return user;
    }

    private void user(final UserState user)
    {
        for (int i = 0, count = count(); i < count; i++)
        {
            session(user);
        }
        for (int i = 0, count = count(); i < count; i++)
        {
            membership(user);
        }
        for (int i = 0, count = count(); i < count; i++)
        {
            pendingDirectMessage(user);
        }
    }

    private void session(final UserState user)
    {
        final int gatewayId = getInt();
        final long sessionId = getLong();
        check(gatewayId >= 0 && gatewayId <= 0xFFFF && sessionId > 0 && sessionId <= BusinessLogic.MAX_SESSION_ID, "bad session id");
        final long key = BusinessLogic.sessionKey(gatewayId, sessionId);
        check(logic.sessions().get(key) == null, "session listed twice");
        final SessionState session = new SessionState(gatewayId, sessionId, user);
        for (int i = 0, count = count(); i < count; i++)
        {
            session.rooms.add(knownRoom());
        }
        logic.sessions().put(key, session);
        user.sessions.add(session);
    }

    private void membership(final UserState user)
    {
        final RoomState room = knownRoom();
        final Membership membership = new Membership(user, room);
        membership.joinedConnections = getInt();
        membership.role = getByte();
        check(membership.role >= Membership.ROLE_MEMBER && membership.role <= Membership.ROLE_OWNER, "bad role");
        user.memberships.add(membership);
        membershipsByUser++;
    }

    private void pendingDirectMessage(final UserState user)
    {
        UserState from = findUser();
        if (from == null)
        {
            from = formerUsers.get(buffer, position + Short.BYTES, nameLength());
        }
        if (from == null)
        {
            from = new UserState(getName());
            formerUsers.put(from.name, from);
        }
        else
        {
            skipName();
        }
        final long timestampMs = getLong();
        final int length = getInt();
        check(length >= 0 && length <= buffer.capacity() - position, "bad message length");
        final byte[] data = new byte[length];
        buffer.getBytes(position, data);
        position += length;
        user.inbox.addLast(new PendingDirectMessage(from, timestampMs, data));
    }

    private void roomMembers(final RoomState room)
    {
        for (int i = 0, count = count(); i < count; i++)
        {
            final UserState user = findUser();
            check(user != null, "member is not a known user");
            skipName();
            final Membership membership = user.membershipOf(room);
            check(membership != null, "member without a membership");
            room.memberships.add(membership);
            membershipsByRoom++;
        }
        for (int g = 0, gateways = count(); g < gateways; g++)
        {
            final int gatewayId = getInt();
            check(gatewayId >= 0 && gatewayId <= 0xFFFF, "bad gateway id");
            for (int i = 0, count = count(); i < count; i++)
            {
                final long sessionId = getLong();
                final SessionState session = logic.sessions().get(BusinessLogic.sessionKey(gatewayId, sessionId));
                check(session != null && session.isMemberOf(room), "fan-out lists a session that has not joined the room");
                room.add(gatewayId, sessionId);
            }
        }
    }

    private RoomState knownRoom()
    {
        final RoomState room = findRoom();
        check(room != null, "reference to a room never listed");
        skipName();
        return room;
    }

    /** The room named at the current position, not consuming the name. */
    private RoomState findRoom()
    {
        return logic.rooms().get(buffer, position + Short.BYTES, nameLength());
    }

    private UserState findUser()
    {
        return logic.users().get(buffer, position + Short.BYTES, nameLength());
    }

    private int nameLength()
    {
        final int length = buffer.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
        buffer.boundsCheck(position + Short.BYTES, length);
        return length;
    }

    private byte[] getName()
    {
        final byte[] name = new byte[nameLength()];
        buffer.getBytes(position + Short.BYTES, name);
        position += Short.BYTES + name.length;
        return name;
    }

    private void skipName()
    {
        position += Short.BYTES + nameLength();
    }

    private int count()
    {
        final int count = getInt();
        check(count >= 0 && count <= buffer.capacity() - position, "bad count " + count);
        return count;
    }

    private int getByte()
    {
        final int value = buffer.getByte(position) & 0xFF;
        position += Byte.BYTES;
        return value;
    }

    private int getInt()
    {
        final int value = buffer.getInt(position, LITTLE_ENDIAN);
        position += Integer.BYTES;
        return value;
    }

    private long getLong()
    {
        final long value = buffer.getLong(position, LITTLE_ENDIAN);
        position += Long.BYTES;
        return value;
    }

    private static void check(final boolean condition, final String problem)
    {
        if (!condition)
        {
            throw new IllegalStateException("snapshot does not add up: " + problem);
        }
    }
}
