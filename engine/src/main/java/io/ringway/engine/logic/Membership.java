package io.ringway.engine.logic;

/**
 * A user's membership of a room. Membership is per user and outlives connections: it starts when
 * the user's first connection joins the room and ends when the last of its connections that joined
 * leaves it. A connection closing is not a leave: the user stays a member, offline, until it
 * explicitly leaves. Room messages still go only to the connections that joined.
 *
 * <p>In a group or private room membership is managed instead ({@link GroupRooms}): it starts when the
 * user is added (before any connection of it joins) and ends only when it is removed; a leave only
 * takes that connection out of the fan-out.
 */
final class Membership
{
    static final int ROLE_MEMBER = io.ringway.codec.link.LinkCommandEncoder.ROLE_MEMBER;
    static final int ROLE_ADMIN = io.ringway.codec.link.LinkCommandEncoder.ROLE_ADMIN;
    static final int ROLE_OWNER = io.ringway.codec.link.LinkCommandEncoder.ROLE_OWNER;

    final UserState user;
    final RoomState room;
    /** In a group: {@link #ROLE_MEMBER}, {@link #ROLE_ADMIN} or {@link #ROLE_OWNER}; {@link #ROLE_MEMBER} in other rooms. */
    int role = ROLE_MEMBER;
    /** The user's connections that have joined the room and not left it (0 while the user is offline). */
    int joinedConnections;

    Membership(final UserState user, final RoomState room)
    {
        this.user = user;
        this.room = room;
    }
}
