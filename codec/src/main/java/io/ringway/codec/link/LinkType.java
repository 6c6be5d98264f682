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
    /** Creates a group room; the sender is its owner. Body: corrId, room, title, members. Answered with ACK (or ERROR). */
    public static final int CREATE_GROUP = 0x0A;
    /** The group's owner or an admin adds a member. Body: corrId, room, user, role (u8: 0 member, 1 admin). */
    public static final int ADD_MEMBER = 0x0B;
    /** The group's owner or an admin removes a member, or a member leaves the group. Body: corrId, room, user. */
    public static final int REMOVE_MEMBER = 0x0C;
    /** Opens (or finds) the private room of the sender and one other user. Body: corrId, name = the other user. Answered with ROOM_ACK. */
    public static final int OPEN_PRIVATE = 0x0D;

    // Commands of message history (0x10-0x17).
    /** The author replaces a kept message's data. Body: corrId, room, seq, data. */
    public static final int EDIT = 0x10;
    /** The author (or a moderator) replaces a kept message with a tombstone. Body: corrId, room, seq. */
    public static final int DELETE = 0x11;
    /** A page of a room's messages. Body: corrId, room, seq (anchor, -1 = the end), limit, mode. Answered with {@link #HISTORY_REPLY}. */
    public static final int HISTORY = 0x12;
    /** A join that asks for a backlog. Body: corrId, room, seq (since, -1 = none), epoch (0 = none), limit (last N). Answered with {@link #JOIN_ACK}. */
    public static final int JOIN_RESUME = 0x13;
    /** A publish with a client message id, deduplicated within a window. Body: corrId, room, clientMsgId, data. */
    public static final int PUBLISH_ONCE = 0x14;

    // The engine's own commands (0x20): journaled and applied like the others, never sent by a gateway.
    /**
     * The business logic's settings from here on (limits, history), journaled by the engine at start when they differ
     * from what the journal says: a replay then applies each command under the settings it was applied under, with
     * no flags. Body: data = the settings block ({@link EngineSettingsBlock}). Gateway id 0, session 0.
     */
    public static final int ENGINE_SETTINGS = 0x20;

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
    /** A user became a member of a group or private room. Body: ts, recipients, role, room, user, by. */
    public static final int MEMBER_ADDED = 0x48;
    /** A user stopped being a member of a group. The MEMBER_ADDED layout. */
    public static final int MEMBER_REMOVED = 0x49;
    /** An ACK that names a room (OPEN_PRIVATE's answer). Body: corrId, room. Addressed to the header's session. */
    public static final int ROOM_ACK = 0x4A;

    // Events of message history (0x50-0x57).
    /** A kept message was edited. ROOM_ENTRY layout, to the room's joined sessions. */
    public static final int ROOM_EDIT = 0x50;
    /** A kept message was deleted (tombstone). ROOM_ENTRY layout, to the room's joined sessions. */
    public static final int ROOM_DELETE = 0x51;
    /** One message of a join's backlog, in its current state. ROOM_ENTRY layout, to the joining session. */
    public static final int ROOM_BACKLOG = 0x52;
    /** Answer to JOIN_RESUME (a plain JOIN gets ACK): epoch, latest seq, oldest kept seq, resume status. Addressed to the header's session. */
    public static final int JOIN_ACK = 0x53;
    /** Answer to {@link #HISTORY}: a page of entries. Addressed to the header's session. */
    public static final int HISTORY_REPLY = 0x54;

    // Link control: the network link's own handshake and heartbeat (gateway ↔ engine over TCP). Neither commands nor events:
    // never on the ring, never journaled, never in the digest.
    /** A gateway's first frame on a TCP link, its gateway id in the header, then the link secret if the engine requires one. Answered with WELCOME or REFUSED. */
    public static final int LINK_HELLO = 0x30;
    /** Either side, every 2 s, so the other can tell a quiet link from a dead one. Header only. */
    public static final int LINK_HEARTBEAT = 0x31;
    /** The engine attached the gateway named in the HELLO; commands may follow. Header only. */
    public static final int LINK_WELCOME = 0x70;
    /** The engine refused the HELLO and closes the link. Body: reason (u16 length + UTF-8). */
    public static final int LINK_REFUSED = 0x71;

    /** Command ranges: the core set, then each feature's block. A merge adds a block here. */
    private static final int[][] COMMAND_RANGES =
        {{SESSION_OPEN, PRESENCE_QUERY}, {CREATE_GROUP, OPEN_PRIVATE}, {EDIT, PUBLISH_ONCE}, {ENGINE_SETTINGS, ENGINE_SETTINGS}};
    private static final int[][] EVENT_RANGES = {{ACK, PRESENCE_REPLY}, {MEMBER_ADDED, ROOM_ACK}, {ROOM_EDIT, HISTORY_REPLY}};

    private LinkType()
    {
    }

    public static boolean isCommand(final int type)
    {
        return inRanges(COMMAND_RANGES, type);
    }

    /** Commands only the engine itself puts on its ring: a gateway that sends one is refused. */
    public static boolean isEngineCommand(final int type)
    {
        return type == ENGINE_SETTINGS;
    }

    public static boolean isEvent(final int type)
    {
        return inRanges(EVENT_RANGES, type);
    }

    /** The link's own messages: {@link #LINK_HELLO}, {@link #LINK_HEARTBEAT}, {@link #LINK_WELCOME}, {@link #LINK_REFUSED}. */
    public static boolean isLinkControl(final int type)
    {
        return type == LINK_HELLO || type == LINK_HEARTBEAT || type == LINK_WELCOME || type == LINK_REFUSED;
    }

    private static boolean inRanges(final int[][] ranges, final int type)
    {
        for (final int[] range : ranges)
        {
            if (type >= range[0] && type <= range[1])
            {
                return true;
            }
        }
        return false;
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
            case CREATE_GROUP: return "CREATE_GROUP";
            case ADD_MEMBER: return "ADD_MEMBER";
            case REMOVE_MEMBER: return "REMOVE_MEMBER";
            case OPEN_PRIVATE: return "OPEN_PRIVATE";
            case EDIT: return "EDIT";
            case DELETE: return "DELETE";
            case HISTORY: return "HISTORY";
            case JOIN_RESUME: return "JOIN_RESUME";
            case PUBLISH_ONCE: return "PUBLISH_ONCE";
            case ENGINE_SETTINGS: return "ENGINE_SETTINGS";
            case ACK: return "ACK";
            case ERROR: return "ERROR";
            case ROOM_MESSAGE: return "ROOM_MESSAGE";
            case DIRECT_MESSAGE: return "DIRECT_MESSAGE";
            case ROOM_PRESENCE: return "ROOM_PRESENCE";
            case ROOM_TYPING: return "ROOM_TYPING";
            case PRESENCE_REPLY: return "PRESENCE_REPLY";
            case MEMBER_ADDED: return "MEMBER_ADDED";
            case MEMBER_REMOVED: return "MEMBER_REMOVED";
            case ROOM_ACK: return "ROOM_ACK";
            case ROOM_EDIT: return "ROOM_EDIT";
            case ROOM_DELETE: return "ROOM_DELETE";
            case ROOM_BACKLOG: return "ROOM_BACKLOG";
            case JOIN_ACK: return "JOIN_ACK";
            case HISTORY_REPLY: return "HISTORY_REPLY";
            case LINK_HELLO: return "LINK_HELLO";
            case LINK_HEARTBEAT: return "LINK_HEARTBEAT";
            case LINK_WELCOME: return "LINK_WELCOME";
            case LINK_REFUSED: return "LINK_REFUSED";
            default: return "UNKNOWN(0x" + Integer.toHexString(type) + ")";
        }
    }
}
