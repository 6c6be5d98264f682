package io.ringway.engine.logic;

import io.ringway.codec.PrivateRoomId;
import org.agrona.DirectBuffer;

/**
 * Who may read a room: the one access rule, for join, publish, presence, typing and anything that
 * reads a room's messages (history). Allocation-free: it may sit on any path.
 *
 * <p>An open room may be read by anyone (who joins it). A group or private room only by its
 * members: a user has a {@link Membership} of such a room from the moment it is added (or the
 * private room is opened) until it is removed, whether or not a connection of it has joined, and
 * no longer. A removed member's connections leave the room's fan-out at once, so the
 * per-connection checks (publish, typing, presence need a joined connection) refuse them too.
 */
final class RoomAccess
{
    private RoomAccess()
    {
    }

    /** True when {@code user} may read (join, publish in, see the history of) {@code room}. */
    static boolean canRead(final RoomState room, final UserState user)
    {
        return room.kind == RoomKind.OPEN || user.membershipOf(room) != null;
    }

    /** Names with the private-room prefix are never open rooms or groups: only {@code private} creates them. */
    static boolean isReservedName(final DirectBuffer buffer, final int offset, final int length)
    {
        return PrivateRoomId.isReserved(buffer, offset, length);
    }

    /** Owners and admins add and remove a group's members. */
    static boolean managesMembers(final Membership membership)
    {
        return membership != null && membership.room.kind == RoomKind.GROUP && membership.role != Membership.ROLE_MEMBER;
    }
}
