package io.ringway.engine.logic;

import java.util.ArrayList;

/** One connection of a user, as the gateway that owns it reported it. */
final class SessionState
{
    final int gatewayId;
    final long sessionId;
    final UserState user;
    /** Rooms joined, in join order. Small: a linear scan is the fastest membership test. */
    final ArrayList<RoomState> rooms = new ArrayList<>(4);

    SessionState(final int gatewayId, final long sessionId, final UserState user)
    {
        this.gatewayId = gatewayId;
        this.sessionId = sessionId;
        this.user = user;
    }

    boolean isMemberOf(final RoomState room)
    {
        final ArrayList<RoomState> rooms = this.rooms;
        for (int i = 0, size = rooms.size(); i < size; i++)
        {
            if (rooms.get(i) == room)
            {
                return true;
            }
        }
        return false;
    }
}
