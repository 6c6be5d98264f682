package io.ringway.engine.logic;

import io.ringway.codec.ErrorCode;
import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.LinkEventEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.IntArrayList;

import java.util.ArrayList;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Direct messages between users, for {@link BusinessLogic}: a message to a user with open
 * connections goes to all of them; one to a user with none waits in its inbox (up to
 * {@code --inbox-limit}) and goes to its next connection, once and in order. Runs on the logic
 * thread, with the command the business logic is applying; every event goes out through the
 * business logic's emitter, and so into the digest.
 */
final class DirectMessages
{
    private final LinkCommandDecoder command;
    private final ExpandableArrayBuffer out;
    private final NameTable<UserState> users;
    private final EventEmitter emitter;
    private int inboxLimit;
    private final IntArrayList gatewayScratch = new IntArrayList();

    DirectMessages(
        final LinkCommandDecoder command, final ExpandableArrayBuffer out, final NameTable<UserState> users,
        final EventEmitter emitter, final int inboxLimit)
    {
        this.command = command;
        this.out = out;
        this.users = users;
        this.emitter = emitter;
        this.inboxLimit = inboxLimit;
    }

    /**
     * DIRECT from {@code from} to the user the command names (made known here if it was not).
     * @return null when sent or kept (the caller acks), else {@link ErrorCode#INBOX_FULL}
     */
    ErrorCode send(final UserState from, final long timestampMs)
    {
        UserState to = users.get(command.buffer(), command.nameOffset(), command.nameLength());
        if (to == null)
        {
            final byte[] name = new byte[command.nameLength()];
            command.buffer().getBytes(command.nameOffset(), name);
            to = new UserState(name);
            users.put(to.name, to);
        }
        if (!to.sessions.isEmpty())
        {
            emitToSessions(from, to, timestampMs);
            return null;
        }
        if (to.inbox.size() >= inboxLimit)
        {
            if (to.isIdle())
            {
                users.remove(to.name);
            }
            return ErrorCode.INBOX_FULL;
        }
        final byte[] data = new byte[command.dataLength()];
        command.buffer().getBytes(command.dataOffset(), data);
        to.inbox.addLast(new PendingDirectMessage(from, timestampMs, data));
        return null;
    }

    /** From the next direct message on (ENGINE_SETTINGS): inboxes already fuller keep what they hold. */
    void inboxLimit(final int inboxLimit)
    {
        this.inboxLimit = inboxLimit;
    }

    int inboxLimit()
    {
        return inboxLimit;
    }

    /** Messages kept while {@code user} was away, to its session that just opened (its first), in order. */
    void deliverInbox(final UserState user, final int gatewayId, final long sessionId)
    {
        PendingDirectMessage pending;
        while ((pending = user.inbox.pollFirst()) != null)
        {
            out.checkLimit(LinkEventEncoder.directMessageLength(
                1, pending.from.name.length, user.name.length, pending.data.capacity()));
            out.putLong(LinkEventEncoder.directRecipientOffset(0, 0), sessionId, LITTLE_ENDIAN);
            final int length = LinkEventEncoder.finishDirectMessage(
                out, 0, gatewayId, pending.timestampMs, 1,
                pending.from.nameBuffer, 0, pending.from.name.length,
                user.nameBuffer, 0, user.name.length,
                pending.data, 0, pending.data.capacity());
            emitter.emit(gatewayId, length);
        }
    }

    /** One event per gateway the recipient is connected through, listing its sessions there in connect order. */
    private void emitToSessions(final UserState from, final UserState to, final long timestampMs)
    {
        final ArrayList<SessionState> targets = to.sessions;
        final IntArrayList gateways = gatewayScratch;
        gateways.clear();
        for (int i = 0, size = targets.size(); i < size; i++)
        {
            final int gateway = targets.get(i).gatewayId;
            if (!gateways.containsInt(gateway))
            {
                gateways.addInt(gateway);
            }
        }
        for (int g = 0, gatewayCount = gateways.size(); g < gatewayCount; g++)
        {
            final int gateway = gateways.getInt(g);
            out.checkLimit(LinkEventEncoder.directMessageLength(
                targets.size(), from.name.length, to.name.length, command.dataLength()));
            int count = 0;
            for (int i = 0, size = targets.size(); i < size; i++)
            {
                final SessionState target = targets.get(i);
                if (target.gatewayId == gateway)
                {
                    out.putLong(LinkEventEncoder.directRecipientOffset(0, count++), target.sessionId, LITTLE_ENDIAN);
                }
            }
            final int length = LinkEventEncoder.finishDirectMessage(
                out, 0, gateway, timestampMs, count,
                from.nameBuffer, 0, from.name.length,
                to.nameBuffer, 0, to.name.length,
                command.buffer(), command.dataOffset(), command.dataLength());
            emitter.emit(gateway, length);
        }
    }
}
