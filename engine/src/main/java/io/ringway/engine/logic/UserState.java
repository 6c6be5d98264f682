package io.ringway.engine.logic;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * A user: the sessions open for it now (online while there is one), the rooms it is a member of,
 * and the direct messages waiting for it to connect.
 */
final class UserState
{
    final byte[] name;
    final UnsafeBuffer nameBuffer;
    final ArrayList<SessionState> sessions = new ArrayList<>(2);
    final ArrayDeque<PendingDirectMessage> inbox = new ArrayDeque<>(0);
    /** Rooms this user is a member of, in the order it joined them. */
    final ArrayList<Membership> memberships = new ArrayList<>(4);

    UserState(final byte[] name)
    {
        this.name = name;
        this.nameBuffer = new UnsafeBuffer(name);
    }

    /** Nothing refers to this user any more: it can be forgotten. */
    boolean isIdle()
    {
        return sessions.isEmpty() && inbox.isEmpty() && memberships.isEmpty();
    }

    boolean isOnline()
    {
        return !sessions.isEmpty();
    }

    /** This user's membership of {@code room}, or null. A user is in few rooms: a linear scan. */
    Membership membershipOf(final RoomState room)
    {
        final ArrayList<Membership> memberships = this.memberships;
        for (int i = 0, size = memberships.size(); i < size; i++)
        {
            final Membership membership = memberships.get(i);
            if (membership.room == room)
            {
                return membership;
            }
        }
        return null;
    }

    /** True when (gatewayId, sessionId) is one of this user's open sessions. */
    boolean hasSession(final int gatewayId, final long sessionId)
    {
        final ArrayList<SessionState> sessions = this.sessions;
        for (int i = 0, size = sessions.size(); i < size; i++)
        {
            final SessionState session = sessions.get(i);
            if (session.sessionId == sessionId && session.gatewayId == gatewayId)
            {
                return true;
            }
        }
        return false;
    }
}
