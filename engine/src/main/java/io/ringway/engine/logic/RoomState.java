package io.ringway.engine.logic;

import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;

/**
 * A room: its name, its last sequence number, the sessions that joined it, kept per gateway (so
 * an event to one gateway lists only that gateway's sessions) in join order (so fan-out order is
 * the same on every replay), and its member users in the order they became members; its kind
 * (open, group, private) and a group's title.
 */
final class RoomState
{
    final byte[] name;
    final UnsafeBuffer nameBuffer;
    long lastSeq;
    /** Open unless created by create_group or private; fixed for the room's life. */
    RoomKind kind = RoomKind.OPEN;
    /** A group's title (UTF-8, may be empty); null for other rooms. */
    byte[] title;
    /** Changes when the journal is reset (see {@link RoomHistory}); set when the room is created. */
    long epoch;
    /** The newest messages, in memory ({@link RoomHistory}). */
    MessageLog log;
    /** Client message ids seen within the dedupe window. */
    ClientIdDedupe dedupe;
    /** Member users, in the order they became members (a presence reply lists them so). */
    final ArrayList<Membership> memberships = new ArrayList<>(4);
    private LongArrayList[] membersByGateway = new LongArrayList[2];
    private int memberCount;

    RoomState(final byte[] name)
    {
        this.name = name;
        this.nameBuffer = new UnsafeBuffer(name);
    }

    /** Whether {@code length} bytes at {@code offset} are this room's name. */
    boolean isNamed(final DirectBuffer buffer, final int offset, final int length)
    {
        return NameTable.equals(name, buffer, offset, length);
    }

    int memberCount()
    {
        return memberCount;
    }

    int gatewaySlots()
    {
        return membersByGateway.length;
    }

    /** Session ids of the members on one gateway, or null. */
    LongArrayList members(final int gatewayId)
    {
        return gatewayId < membersByGateway.length ? membersByGateway[gatewayId] : null;
    }

    void add(final int gatewayId, final long sessionId)
    {
        if (gatewayId >= membersByGateway.length)
        {
            membersByGateway = java.util.Arrays.copyOf(membersByGateway, Math.max(gatewayId + 1, membersByGateway.length * 2));
        }
        LongArrayList members = membersByGateway[gatewayId];
        if (members == null)
        {
            members = new LongArrayList();
            membersByGateway[gatewayId] = members;
        }
        members.addLong(sessionId);
        memberCount++;
    }

    void remove(final int gatewayId, final long sessionId)
    {
        final LongArrayList members = members(gatewayId);
        if (members != null)
        {
            final int index = members.indexOf(sessionId);
            if (index >= 0)
            {
                members.removeAt(index); // keeps join order: fan-out order must not depend on who left
                memberCount--;
            }
        }
    }
}
