package io.ringway.engine.logic;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies engine state into {@link RoomView} and {@link UserView} for offline tools. Kept out of
 * {@link BusinessLogic} so the state machine stays about applying commands; everything here
 * allocates and only reads.
 */
final class StateViews
{
    private StateViews()
    {
    }

    static UnsafeBuffer nameBuffer(final String name)
    {
        return new UnsafeBuffer(name.getBytes(StandardCharsets.UTF_8));
    }

    static RoomView room(final RoomState room, final Long2ObjectHashMap<SessionState> sessions)
    {
        final List<RoomView.Member> members = new ArrayList<>(room.memberCount());
        for (int gateway = 0, slots = room.gatewaySlots(); gateway < slots; gateway++)
        {
            final LongArrayList ids = room.members(gateway);
            if (ids == null)
            {
                continue;
            }
            for (int i = 0, size = ids.size(); i < size; i++)
            {
                final long sessionId = ids.getLong(i);
                final SessionState session = sessions.get(BusinessLogic.sessionKey(gateway, sessionId));
                // A member is always an open session (closing one leaves its rooms); say so rather than fail if not.
                final String user = session == null ? "?" : string(session.user.name);
                members.add(new RoomView.Member(gateway, sessionId, user));
            }
        }
        return new RoomView(string(room.name), room.lastSeq, members);
    }

    static UserView user(final UserState user)
    {
        final List<UserView.Session> sessions = new ArrayList<>(user.sessions.size());
        for (final SessionState session : user.sessions)
        {
            final List<String> rooms = new ArrayList<>(session.rooms.size());
            for (final RoomState room : session.rooms)
            {
                rooms.add(string(room.name));
            }
            sessions.add(new UserView.Session(session.gatewayId, session.sessionId, rooms));
        }
        return new UserView(string(user.name), sessions, user.inbox.size());
    }

    private static String string(final byte[] name)
    {
        return new String(name, StandardCharsets.UTF_8);
    }
}
