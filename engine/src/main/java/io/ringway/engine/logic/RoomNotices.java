package io.ringway.engine.logic;

import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkType;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.LongArrayList;

import java.util.ArrayList;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * What a room's members hear about each other, for {@link BusinessLogic}: presence transitions
 * (join, leave, online, offline; in rooms up to {@code --presence-announce-max} members) and typing,
 * to the room's joined sessions, and the answer to a presence query. Decides nothing: the business
 * logic says which transition happened. Runs on the logic thread; every event goes out through the
 * business logic's emitter, and so into the digest. No allocation.
 */
final class RoomNotices
{
    private final LinkCommandDecoder command;
    private final ExpandableArrayBuffer out;
    private final EventEmitter emitter;
    private RoomLimits limits;

    /** From the next notice on (ENGINE_SETTINGS). */
    void limits(final RoomLimits limits)
    {
        this.limits = limits;
    }

    RoomNotices(final LinkCommandDecoder command, final ExpandableArrayBuffer out, final EventEmitter emitter, final RoomLimits limits)
    {
        this.command = command;
        this.out = out;
        this.emitter = emitter;
        this.limits = limits;
    }

    /** A presence transition (online, offline) to every room the user is a member of, in the order it joined them. */
    void toMembershipRooms(final UserState user, final int kind, final long timestampMs)
    {
        final ArrayList<Membership> memberships = user.memberships;
        for (int i = 0, size = memberships.size(); i < size; i++)
        {
            presence(memberships.get(i).room, user, kind, timestampMs);
        }
    }

    /**
     * A presence transition of {@code user} in {@code room}, when the room announces them: it has at most
     * {@link RoomLimits#presenceAnnounceMax} members, the user included. A join is announced before the user
     * is listed and a leave after it no longer is, so they count it in.
     */
    void presence(final RoomState room, final UserState user, final int kind, final long timestampMs)
    {
        final boolean listed = kind != LinkEventEncoder.PRESENCE_JOIN && kind != LinkEventEncoder.PRESENCE_LEAVE;
        if (limits.announcesPresence(room.memberships.size() + (listed ? 0 : 1)))
        {
            notice(LinkType.ROOM_PRESENCE, room, user, kind, timestampMs, null);
        }
    }

    /** A typing state of {@code user}, to the room's joined sessions but the user's own. */
    void typing(final RoomState room, final UserState user, final int state, final long timestampMs)
    {
        notice(LinkType.ROOM_TYPING, room, user, state, timestampMs, user);
    }

    /**
     * A ROOM_PRESENCE or ROOM_TYPING about {@code user}: one event per gateway with joined sessions,
     * listing them in join order, less those of {@code exclude} (null: none).
     */
    private void notice(
        final int type, final RoomState room, final UserState user, final int kind, final long timestampMs, final UserState exclude)
    {
        for (int gateway = 0, slots = room.gatewaySlots(); gateway < slots; gateway++)
        {
            final LongArrayList members = room.members(gateway);
            if (members == null || members.isEmpty())
            {
                continue;
            }
            out.checkLimit(LinkEventEncoder.noticeLength(members.size(), room.name.length, user.name.length));
            int count = 0;
            for (int i = 0, size = members.size(); i < size; i++)
            {
                final long member = members.getLong(i);
                if (exclude == null || !exclude.hasSession(gateway, member))
                {
                    out.putLong(LinkEventEncoder.noticeRecipientOffset(0, count++), member, LITTLE_ENDIAN);
                }
            }
            if (count == 0)
            {
                continue;
            }
            final int length = type == LinkType.ROOM_PRESENCE
                ? LinkEventEncoder.finishRoomPresence(out, 0, gateway, timestampMs, count, kind,
                    room.nameBuffer, 0, room.name.length, user.nameBuffer, 0, user.name.length)
                : LinkEventEncoder.finishRoomTyping(out, 0, gateway, timestampMs, count, kind,
                    room.nameBuffer, 0, room.name.length, user.nameBuffer, 0, user.name.length);
            emitter.emit(gateway, length);
        }
    }

    /** The answer to a presence query: the room's members in the order they became members, each with its open connections (0: offline). */
    void presenceReply(final RoomState room, final int gatewayId, final long sessionId)
    {
        final ArrayList<Membership> members = room.memberships;
        int count = 0;
        int length = LinkEventEncoder.presenceReplyHeadLength(command.corrIdLength(), room.name.length);
        for (int i = 0, size = members.size(); i < size; i++)
        {
            final int member = LinkEventEncoder.presenceMemberLength(members.get(i).user.name.length);
            if (length + member > LinkEventEncoder.MAX_REPLY_BYTES)
            {
                break; // the first members that fit; the reply says how many it left out
            }
            length += member;
            count++;
        }
        out.checkLimit(length);
        int position = LinkEventEncoder.startPresenceReply(out, 0,
            command.buffer(), command.corrIdOffset(), command.corrIdLength(), room.nameBuffer, 0, room.name.length);
        for (int i = 0; i < count; i++)
        {
            final UserState member = members.get(i).user;
            position = LinkEventEncoder.putPresenceMember(out, position, member.sessions.size(), member.nameBuffer, 0, member.name.length);
        }
        emitter.emit(gatewayId, LinkEventEncoder.finishPresenceReply(out, 0, gatewayId, sessionId, count, members.size() - count, position));
    }
}
