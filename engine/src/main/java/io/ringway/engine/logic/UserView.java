package io.ringway.engine.logic;

import java.util.ArrayList;
import java.util.List;

/**
 * A copy of one user's state, for tools that inspect the engine offline ({@code ringway replay --user}).
 * Taken with {@link BusinessLogic#describeUser}; it does not change when the engine moves on.
 *
 * @param name                  the user id
 * @param sessions              the sessions open for the user, in connect order
 * @param pendingDirectMessages direct messages kept for the user while it has no session
 */
public record UserView(String name, List<Session> sessions, int pendingDirectMessages)
{
    public UserView
    {
        sessions = List.copyOf(sessions);
    }

    /** Rooms any of the user's sessions is in, each once, in the order they first appear. */
    public List<String> rooms()
    {
        final List<String> rooms = new ArrayList<>();
        for (final Session session : sessions)
        {
            for (final String room : session.rooms())
            {
                if (!rooms.contains(room))
                {
                    rooms.add(room);
                }
            }
        }
        return rooms;
    }

    /** One open session of the user and the rooms it joined, in join order. */
    public record Session(int gatewayId, long sessionId, List<String> rooms)
    {
        public Session
        {
            rooms = List.copyOf(rooms);
        }
    }
}
