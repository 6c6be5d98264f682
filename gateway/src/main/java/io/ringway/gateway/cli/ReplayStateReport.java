package io.ringway.gateway.cli;

import io.ringway.engine.logic.RoomView;
import io.ringway.engine.logic.UserView;

import java.io.PrintWriter;
import java.util.List;

/**
 * Prints the state of a room or a user at the point a replay stopped ({@code ringway replay --room / --user}).
 * One heading line per room or user, then one indented line per member or session:
 *
 * <pre>
 * room lobby: 2 members, last message seq 5, next seq 6
 *   member alice: session 1048577 on gateway 1
 *   member bob: session 2097153 on gateway 1
 * user alice: 1 session, rooms lobby, games; 0 pending direct messages
 *   session 1048577 on gateway 1: rooms lobby, games
 * </pre>
 */
final class ReplayStateReport
{
    private final PrintWriter out;
    private final long atSequence;

    /** @param atSequence the last sequence the replay applied, named when a room or user does not exist there */
    ReplayStateReport(final PrintWriter out, final long atSequence)
    {
        this.out = out;
        this.atSequence = atSequence;
    }

    void room(final String name, final RoomView room)
    {
        if (room == null)
        {
            out.println("room " + name + ": no such room at seq " + atSequence);
            return;
        }
        out.println("room " + room.name() + ": " + count(room.members().size(), "member") +
            ", last message seq " + room.lastSeq() + ", next seq " + room.nextSeq());
        for (final RoomView.Member member : room.members())
        {
            out.println("  member " + member.user() + ": session " + member.sessionId() + " on gateway " + member.gatewayId());
        }
    }

    void user(final String name, final UserView user)
    {
        if (user == null)
        {
            // the engine forgets a user with no session and nothing kept for it, so unknown and idle look the same
            out.println("user " + name + ": unknown at seq " + atSequence + " (no open session, no pending direct message)");
            return;
        }
        out.println("user " + user.name() + ": " + count(user.sessions().size(), "session") + ", " + rooms(user.rooms()) +
            "; " + count(user.pendingDirectMessages(), "pending direct message"));
        for (final UserView.Session session : user.sessions())
        {
            out.println("  session " + session.sessionId() + " on gateway " + session.gatewayId() + ": " + rooms(session.rooms()));
        }
    }

    private static String rooms(final List<String> rooms)
    {
        return rooms.isEmpty() ? "no rooms" : "rooms " + String.join(", ", rooms);
    }

    private static String count(final long n, final String noun)
    {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
