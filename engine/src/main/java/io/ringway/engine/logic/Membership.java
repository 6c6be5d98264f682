package io.ringway.engine.logic;

/**
 * A user's membership of a room. Membership is per user and outlives connections: it starts when
 * the user's first connection joins the room and ends when the last of its connections that joined
 * leaves it. A connection closing is not a leave: the user stays a member, offline, until it
 * explicitly leaves. Room messages still go only to the connections that joined.
 */
final class Membership
{
    final UserState user;
    final RoomState room;
    /** The user's connections that have joined the room and not left it (0 while the user is offline). */
    int joinedConnections;

    Membership(final UserState user, final RoomState room)
    {
        this.user = user;
        this.room = room;
    }
}
