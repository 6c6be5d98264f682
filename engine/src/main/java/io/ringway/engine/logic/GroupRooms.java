package io.ringway.engine.logic;

import io.ringway.codec.ErrorCode;
import io.ringway.codec.PrivateRoomId;
import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkType;
import org.agrona.BitUtil;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.LongArrayList;

import java.util.ArrayList;
import java.util.Arrays;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Group and private rooms: creating them, adding and removing members, and the join rule and
 * limits that come with them (PROTOCOL.md, "Groups and private rooms"). Part of the business
 * logic, on its thread, with its state ({@link RoomState#kind}, {@link Membership#role}); it only
 * changes state in response to the command {@link BusinessLogic} hands it, and every event it emits
 * goes through the same digest.
 *
 * <p>A member's presence: group and private room members are members for presence purposes from
 * the moment they are added, before any connection of theirs joins, so the group's joined
 * connections see their {@code online} and {@code offline}, and a presence query lists them. There
 * is no {@code join} or {@code leave} presence event in such a room: {@code member_added} and
 * {@code member_removed} say it, and also reach every open connection of the user concerned.
 */
final class GroupRooms
{
    /** Sets up what every new room has besides its kind and members (BusinessLogic's: its message history and epoch). */
    interface RoomCreation
    {
        void created(RoomState room, long timestampMs);
    }

    private final LinkCommandDecoder command;
    private final ExpandableArrayBuffer out;
    private final NameTable<RoomState> rooms;
    private final NameTable<UserState> users;
    private final EventEmitter emitter;
    private final RoomCreation creation;
    private RoomLimits limits;
    private final ExpandableArrayBuffer privateId = new ExpandableArrayBuffer(64);
    /** {@link #distinctListedMembers}' open-addressing set: member positions + 1, 0 for free; kept for the next group. */
    private int[] listedSlots = new int[16];

    GroupRooms(
        final LinkCommandDecoder command, final ExpandableArrayBuffer out,
        final NameTable<RoomState> rooms, final NameTable<UserState> users,
        final EventEmitter emitter, final RoomCreation creation, final RoomLimits limits)
    {
        this.creation = creation;
        this.command = command;
        this.out = out;
        this.rooms = rooms;
        this.users = users;
        this.emitter = emitter;
        this.limits = limits;
    }

    /** From the next command on (ENGINE_SETTINGS): rooms and groups already bigger keep their members. */
    void limits(final RoomLimits limits)
    {
        this.limits = limits;
    }

    RoomLimits limits()
    {
        return limits;
    }

    /** CREATE_GROUP, ADD_MEMBER, REMOVE_MEMBER or OPEN_PRIVATE from an open session. */
    void apply(final SessionState session, final long timestampMs)
    {
        if (!namesPresent())
        {
            replyError(session, ErrorCode.BAD_REQUEST); // no healthy gateway sends an empty name
            return;
        }
        switch (command.type())
        {
            case LinkType.CREATE_GROUP:
                onCreateGroup(session, timestampMs);
                break;
            case LinkType.ADD_MEMBER:
                onAddMember(session, timestampMs);
                break;
            case LinkType.REMOVE_MEMBER:
                onRemoveMember(session, timestampMs);
                break;
            case LinkType.OPEN_PRIVATE:
                onOpenPrivate(session, timestampMs);
                break;
            default:
                break;
        }
    }

    /** Every name the command carries (room or other user, member, listed members) has at least one byte. */
    private boolean namesPresent()
    {
        if (command.nameLength() == 0 || (LinkCommandEncoder.hasUser(command.type()) && command.userLength() == 0))
        {
            return false;
        }
        int position = command.membersOffset();
        for (int i = 0, count = command.memberCount(); i < count; i++)
        {
            if (command.memberLength(position) == 0)
            {
                return false;
            }
            position = command.nextMember(position);
        }
        return true;
    }

    /**
     * The join rule: may this session join {@code room} (null: no room of the command's name yet, which
     * a join creates as an open room)? Answers {@code not_member} or {@code too_many_rooms} when not.
     */
    boolean mayJoin(final SessionState session, final RoomState room)
    {
        if (room == null ? RoomAccess.isReservedName(command.buffer(), command.nameOffset(), command.nameLength())
            : !RoomAccess.canRead(room, session.user))
        {
            replyError(session, ErrorCode.NOT_MEMBER);
            return false;
        }
        if ((room == null || !session.isMemberOf(room)) && session.rooms.size() >= limits.maxRoomsPerSession())
        {
            replyError(session, ErrorCode.TOO_MANY_ROOMS);
            return false;
        }
        return true;
    }

    private void onCreateGroup(final SessionState session, final long timestampMs)
    {
        if (RoomAccess.isReservedName(command.buffer(), command.nameOffset(), command.nameLength()))
        {
            replyError(session, ErrorCode.NOT_ALLOWED);
            return;
        }
        if (rooms.get(command.buffer(), command.nameOffset(), command.nameLength()) != null)
        {
            replyError(session, ErrorCode.ROOM_EXISTS);
            return;
        }
        if (1 + distinctListedMembers(session.user, limits.maxGroupMembers()) > limits.maxGroupMembers())
        {
            replyError(session, ErrorCode.GROUP_FULL);
            return;
        }
        final RoomState room = new RoomState(copy(command.nameOffset(), command.nameLength()));
        room.kind = RoomKind.GROUP;
        room.title = copy(command.titleOffset(), command.titleLength());
        creation.created(room, timestampMs);
        rooms.put(room.name, room);
        addMembership(session.user, room, Membership.ROLE_OWNER);
        replyAck(session);
        int position = command.membersOffset();
        for (int i = 0, count = command.memberCount(); i < count; i++)
        {
            final int length = command.memberLength(position);
            final UserState member = userOrNew(position + 2, length);
            if (member.membershipOf(room) == null) // the owner, or listed twice
            {
                final Membership added = addMembership(member, room, Membership.ROLE_MEMBER);
                emitMemberChange(LinkType.MEMBER_ADDED, room, added, session.user, timestampMs);
            }
            position = command.nextMember(position);
        }
    }

    /**
     * The listed members who are not the owner and not listed before, counted up to {@code atMost}: what
     * decides {@code group_full}. A hash set of the distinct names' positions in the command makes it
     * O(listed); comparing each name with every earlier one was quadratic in a list the gateway lets
     * reach tens of thousands of names, seconds of the one logic thread for one refused command.
     */
    private int distinctListedMembers(final UserState owner, final int atMost)
    {
        final int count = command.memberCount();
        final int capacity = BitUtil.findNextPositivePowerOfTwo(Math.max(16, 2 * Math.min(count, atMost))); // at most half full
        if (listedSlots.length < capacity)
        {
            listedSlots = new int[capacity];
        }
        else
        {
            Arrays.fill(listedSlots, 0, capacity, 0);
        }
        final int mask = capacity - 1;
        int distinct = 0;
        int position = command.membersOffset();
        for (int i = 0; i < count && distinct < atMost; i++)
        {
            final int length = command.memberLength(position);
            if (!equalsName(owner.name, position + 2, length) && addListed(position, length, mask))
            {
                distinct++;
            }
            position = command.nextMember(position);
        }
        return distinct;
    }

    /** Adds the member name at {@code position} to the set; false when an equal name is in it already. */
    private boolean addListed(final int position, final int length, final int mask)
    {
        int slot = NameTable.hash(command.buffer(), position + 2, length) & mask;
        int entry;
        while ((entry = listedSlots[slot]) != 0)
        {
            final int other = entry - 1;
            if (command.memberLength(other) == length && sameBytes(other + 2, position + 2, length))
            {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        listedSlots[slot] = position + 1; // 0 marks a free slot
        return true;
    }

    private void onAddMember(final SessionState session, final long timestampMs)
    {
        final RoomState room = rooms.get(command.buffer(), command.nameOffset(), command.nameLength());
        if (room == null || !RoomAccess.managesMembers(session.user.membershipOf(room)))
        {
            replyError(session, ErrorCode.NOT_ALLOWED);
            return;
        }
        final UserState known = users.get(command.buffer(), command.userOffset(), command.userLength());
        if (known != null && known.membershipOf(room) != null)
        {
            replyError(session, ErrorCode.ALREADY_MEMBER);
            return;
        }
        if (room.memberships.size() >= limits.maxGroupMembers())
        {
            replyError(session, ErrorCode.GROUP_FULL);
            return;
        }
        final UserState member = known != null ? known : userOrNew(command.userOffset(), command.userLength());
        final Membership added = addMembership(member, room, command.role());
        replyAck(session);
        emitMemberChange(LinkType.MEMBER_ADDED, room, added, session.user, timestampMs);
    }

    /** By the owner or an admin, or by a member about itself (leaving the group); nobody removes the owner. */
    private void onRemoveMember(final SessionState session, final long timestampMs)
    {
        final RoomState room = rooms.get(command.buffer(), command.nameOffset(), command.nameLength());
        final UserState actor = session.user;
        final Membership actorMembership = room == null || room.kind != RoomKind.GROUP ? null : actor.membershipOf(room);
        final boolean self = equalsName(actor.name, command.userOffset(), command.userLength());
        if (actorMembership == null || (!self && !RoomAccess.managesMembers(actorMembership)))
        {
            replyError(session, ErrorCode.NOT_ALLOWED);
            return;
        }
        final UserState target = self ? actor : users.get(command.buffer(), command.userOffset(), command.userLength());
        final Membership removed = target == null ? null : target.membershipOf(room);
        if (removed == null)
        {
            replyError(session, ErrorCode.NOT_MEMBER);
            return;
        }
        if (removed.role == Membership.ROLE_OWNER)
        {
            replyError(session, ErrorCode.NOT_ALLOWED);
            return;
        }
        replyAck(session);
        // Told first, while its joined connections are still in the fan-out; then they leave it at once.
        emitMemberChange(LinkType.MEMBER_REMOVED, room, removed, actor, timestampMs);
        final ArrayList<SessionState> sessions = target.sessions;
        for (int i = 0, size = sessions.size(); i < size; i++)
        {
            final SessionState member = sessions.get(i);
            if (member.rooms.remove(room))
            {
                room.remove(member.gatewayId, member.sessionId);
            }
        }
        room.memberships.remove(removed);
        target.memberships.remove(removed);
        if (target.isIdle())
        {
            users.remove(target.name);
        }
    }

    /** Opens, or finds, the private room of the sender and the named user, and answers its id (ROOM_ACK). */
    private void onOpenPrivate(final SessionState session, final long timestampMs)
    {
        final UserState self = session.user;
        if (equalsName(self.name, command.nameOffset(), command.nameLength()) ||
            PrivateRoomId.length(self.name.length, command.nameLength()) > LinkCommandEncoder.MAX_NAME_LENGTH)
        {
            replyError(session, ErrorCode.BAD_REQUEST); // a private room is of two different users
            return;
        }
        privateId.checkLimit(PrivateRoomId.length(self.name.length, command.nameLength()));
        final int idLength = PrivateRoomId.write(privateId, 0,
            self.nameBuffer, 0, self.name.length, command.buffer(), command.nameOffset(), command.nameLength());
        RoomState room = rooms.get(privateId, 0, idLength);
        if (room != null)
        {
            if (room.kind != RoomKind.PRIVATE) // an open room of that name from before names were reserved
            {
                replyError(session, ErrorCode.NOT_ALLOWED);
                return;
            }
            replyRoomAck(session, room);
            return;
        }
        final byte[] id = new byte[idLength];
        privateId.getBytes(0, id);
        room = new RoomState(id);
        room.kind = RoomKind.PRIVATE;
        creation.created(room, timestampMs);
        rooms.put(room.name, room);
        addMembership(self, room, Membership.ROLE_MEMBER);
        final Membership peer = addMembership(userOrNew(command.nameOffset(), command.nameLength()), room, Membership.ROLE_MEMBER);
        replyRoomAck(session, room);
        emitMemberChange(LinkType.MEMBER_ADDED, room, peer, self, timestampMs);
    }

    private Membership addMembership(final UserState user, final RoomState room, final int role)
    {
        final Membership membership = new Membership(user, room);
        membership.role = role;
        room.memberships.add(membership);
        user.memberships.add(membership);
        return membership;
    }

    /**
     * MEMBER_ADDED or MEMBER_REMOVED about {@code membership} by {@code by}: to the room's joined connections,
     * in join order, then the member's own other open connections, in the order they opened, one event per gateway.
     */
    private void emitMemberChange(final int type, final RoomState room, final Membership membership, final UserState by,
        final long timestampMs)
    {
        final UserState user = membership.user;
        final ArrayList<SessionState> own = user.sessions;
        int gateways = room.gatewaySlots();
        for (int i = 0, size = own.size(); i < size; i++)
        {
            gateways = Math.max(gateways, own.get(i).gatewayId + 1);
        }
        for (int gateway = 0; gateway < gateways; gateway++)
        {
            final LongArrayList joined = room.members(gateway);
            final int joinedCount = joined == null ? 0 : joined.size();
            out.checkLimit(LinkEventEncoder.memberChangeLength(
                joinedCount + own.size(), room.name.length, user.name.length, by.name.length));
            int count = 0;
            for (int i = 0; i < joinedCount; i++)
            {
                out.putLong(LinkEventEncoder.noticeRecipientOffset(0, count++), joined.getLong(i), LITTLE_ENDIAN);
            }
            for (int i = 0, size = own.size(); i < size; i++)
            {
                final SessionState session = own.get(i);
                if (session.gatewayId == gateway && !session.isMemberOf(room))
                {
                    out.putLong(LinkEventEncoder.noticeRecipientOffset(0, count++), session.sessionId, LITTLE_ENDIAN);
                }
            }
            if (count == 0)
            {
                continue;
            }
            final int length = LinkEventEncoder.finishMemberChange(out, 0, type, gateway, timestampMs, count, membership.role,
                room.nameBuffer, 0, room.name.length, user.nameBuffer, 0, user.name.length, by.nameBuffer, 0, by.name.length);
            emitter.emit(gateway, length);
        }
    }

    private UserState userOrNew(final int offset, final int length)
    {
        UserState user = users.get(command.buffer(), offset, length);
        if (user == null)
        {
            user = new UserState(copy(offset, length));
            users.put(user.name, user);
        }
        return user;
    }

    private void replyAck(final SessionState session)
    {
        emitter.emit(session.gatewayId, LinkEventEncoder.ack(out, 0, session.gatewayId, session.sessionId, LinkEventEncoder.NO_SEQ,
            command.buffer(), command.corrIdOffset(), command.corrIdLength()));
    }

    private void replyRoomAck(final SessionState session, final RoomState room)
    {
        out.checkLimit(LinkEventEncoder.roomAckLength(command.corrIdLength(), room.name.length));
        emitter.emit(session.gatewayId, LinkEventEncoder.roomAck(out, 0, session.gatewayId, session.sessionId,
            command.buffer(), command.corrIdOffset(), command.corrIdLength(), room.nameBuffer, 0, room.name.length));
    }

    private void replyError(final SessionState session, final ErrorCode code)
    {
        emitter.emit(session.gatewayId, LinkEventEncoder.error(out, 0, session.gatewayId, session.sessionId, code.wireId(),
            command.buffer(), command.corrIdOffset(), command.corrIdLength()));
    }

    private boolean equalsName(final byte[] name, final int offset, final int length)
    {
        if (name.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (name[i] != command.buffer().getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    private boolean sameBytes(final int a, final int b, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (command.buffer().getByte(a + i) != command.buffer().getByte(b + i))
            {
                return false;
            }
        }
        return true;
    }

    private byte[] copy(final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        command.buffer().getBytes(offset, bytes);
        return bytes;
    }
}
