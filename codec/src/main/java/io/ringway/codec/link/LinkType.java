package io.ringway.codec.link;

/** Message types of the internal link. Commands below 0x40, events from 0x40. Never renumber: journals keep them. */
public final class LinkType
{
    // Commands: gateway → engine. All of them are journaled.
    /** A connection was bound to a user. Body: user. */
    public static final int SESSION_OPEN = 0x01;
    /** A connection closed. Body: empty. */
    public static final int SESSION_CLOSE = 0x02;
    /** Body: corrId, room. */
    public static final int JOIN = 0x03;
    /** Body: corrId, room. */
    public static final int LEAVE = 0x04;
    /** Body: corrId, room, data. */
    public static final int PUBLISH = 0x05;
    /** Body: corrId, to (user), data. */
    public static final int DIRECT = 0x06;
    /** Every session of the header's gateway is gone (gateway restart, engine restart, link loss). Body: empty. */
    public static final int GATEWAY_RESET = 0x07;
    /** A typing indicator. Body: corrId, room, state (u8: 0 stop, 1 start). Journaled but never stored: the engine keeps no typing state. */
    public static final int TYPING = 0x08;
    /** Who is in a room now. Body: corrId, room. Answered with {@link #PRESENCE_REPLY}. */
    public static final int PRESENCE_QUERY = 0x09;

    // Events: engine → gateway.
    /** Body: seq (i64, -1 when none), corrId. Addressed to the header's session. */
    public static final int ACK = 0x41;
    /** Body: error wire id (u16), corrId. Addressed to the header's session. */
    public static final int ERROR = 0x42;
    /** Body: seq, ts, recipients, room, from, data. */
    public static final int ROOM_MESSAGE = 0x43;
    /** Body: ts, recipients, from, to, data. */
    public static final int DIRECT_MESSAGE = 0x44;
    /** A member's presence changed in a room (online, offline, join, leave). Body: ts, recipients, kind, room, user. */
    public static final int ROOM_PRESENCE = 0x45;
    /** A member started or stopped typing in a room. Body: ts, recipients, state, room, user. */
    public static final int ROOM_TYPING = 0x46;
    /** Answer to {@link #PRESENCE_QUERY}: the room's members. Addressed to the header's session. */
    public static final int PRESENCE_REPLY = 0x47;

    private LinkType()
    {
    }

    public static boolean isCommand(final int type)
    {
        return type >= SESSION_OPEN && type <= PRESENCE_QUERY;
    }

    public static boolean isEvent(final int type)
    {
        return type >= ACK && type <= PRESENCE_REPLY;
    }

    public static String name(final int type)
    {
        switch (type)
        {
            case SESSION_OPEN: return "SESSION_OPEN";
            case SESSION_CLOSE: return "SESSION_CLOSE";
            case JOIN: return "JOIN";
            case LEAVE: return "LEAVE";
            case PUBLISH: return "PUBLISH";
            case DIRECT: return "DIRECT";
            case GATEWAY_RESET: return "GATEWAY_RESET";
            case TYPING: return "TYPING";
            case PRESENCE_QUERY: return "PRESENCE_QUERY";
            case ACK: return "ACK";
            case ERROR: return "ERROR";
            case ROOM_MESSAGE: return "ROOM_MESSAGE";
            case DIRECT_MESSAGE: return "DIRECT_MESSAGE";
            case ROOM_PRESENCE: return "ROOM_PRESENCE";
            case ROOM_TYPING: return "ROOM_TYPING";
            case PRESENCE_REPLY: return "PRESENCE_REPLY";
            default: return "UNKNOWN(0x" + Integer.toHexString(type) + ")";
        }
    }
}
