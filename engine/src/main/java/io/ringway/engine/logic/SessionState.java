package io.ringway.engine.logic;

import org.agrona.DirectBuffer;

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

    /**
     * Up to this many joined rooms, {@link #joinedRoomNamed} compares names along the list instead
     * of hashing the name into the room table and then scanning the list for the room anyway.
     */
    static final int SCAN_ROOMS_BY_NAME_UP_TO = 16;

    /**
     * The joined room named {@code length} bytes at {@code offset}, or null when this session has
     * not joined it (or it does not exist); {@code table} is asked only for a session in many rooms.
     */
    RoomState joinedRoomNamed(final NameTable<RoomState> table, final DirectBuffer buffer, final int offset, final int length)
    {
        final ArrayList<RoomState> rooms = this.rooms;
        final int size = rooms.size();
        if (size > SCAN_ROOMS_BY_NAME_UP_TO)
        {
            final RoomState room = table.get(buffer, offset, length);
            return room != null && isMemberOf(room) ? room : null;
        }
        for (int i = 0; i < size; i++)
        {
            final RoomState room = rooms.get(i);
            if (room.isNamed(buffer, offset, length))
            {
                return room;
            }
        }
        return null;
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
