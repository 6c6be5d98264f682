package io.ringway.engine.logic;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.ArrayList;

/** A user: the sessions open for it now, and the direct messages waiting for it to connect. */
final class UserState
{
    final byte[] name;
    final UnsafeBuffer nameBuffer;
    final ArrayList<SessionState> sessions = new ArrayList<>(2);
    final ArrayDeque<PendingDirectMessage> inbox = new ArrayDeque<>(0);

    UserState(final byte[] name)
    {
        this.name = name;
        this.nameBuffer = new UnsafeBuffer(name);
    }

    boolean isIdle()
    {
        return sessions.isEmpty() && inbox.isEmpty();
    }
}
