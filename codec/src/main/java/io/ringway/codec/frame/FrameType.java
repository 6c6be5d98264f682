package io.ringway.codec.frame;

/**
 * Client binary frame types (byte 5 of a frame). 0x01-0x06 are the seed relay protocol's;
 * the rest are Ringway's additions. Unknown types are a protocol violation.
 */
public final class FrameType
{
    /** Client → server: identify ({@code {"user":"alice"}} or {@code {"token":"..."}}). Server → client: accepted ({@code {"type":"auth_ok",...}}). */
    public static final byte HELLO = 0x01;
    public static final byte JOIN_ROOM = 0x02;
    public static final byte LEAVE_ROOM = 0x03;
    /** Room publish when the payload has {@code room}, direct message when {@code data.to} is set. */
    public static final byte MESSAGE = 0x04;
    /** Echoed by the server; also resets the idle timer. */
    public static final byte HEARTBEAT = 0x05;
    public static final byte ERROR = 0x06;
    public static final byte ACK = 0x07;
    /** Client → server: {@code {"room":"lobby","state":"start"}}. Server → client: {@code {"type":"typing",...}}. */
    public static final byte TYPING = 0x08;
    /**
     * Client → server: a presence query {@code {"room":"lobby","id":"7"}}. Server → client: its reply
     * ({@code {"type":"presence",...,"members":[...]}}) and the room's {@code presence}, {@code join} and {@code leave} events.
     */
    public static final byte PRESENCE = 0x09;
    /** Client → server: {@code {"room":"team-a","title":"Team A","members":["bob"],"id":"1"}}, answered with ACK. */
    public static final byte CREATE_GROUP = 0x0A;
    /** Client → server: {@code {"room":"team-a","user":"dave","role":"member","id":"2"}}. Server → client: {@code {"type":"member_added",...}}. */
    public static final byte ADD_MEMBER = 0x0B;
    /** Client → server: {@code {"room":"team-a","user":"bob","id":"3"}}. Server → client: {@code {"type":"member_removed",...}}. */
    public static final byte REMOVE_MEMBER = 0x0C;
    /** Client → server: {@code {"user":"bob","id":"4"}}, answered with an ACK frame carrying the private room's id. */
    public static final byte PRIVATE = 0x0D;

    /** Client → server: {@code {"room":"lobby","seq":17,"data":...}}. Server → client: the room's {@code edit} event. */
    public static final byte EDIT = 0x10;
    /** Client → server: {@code {"room":"lobby","seq":17}}. Server → client: the room's {@code delete} event. */
    public static final byte DELETE = 0x11;
    /** Client → server: a history query {@code {"room":"lobby","before":100,"limit":50}}. Server → client: its reply. */
    public static final byte HISTORY = 0x12;

    /** Frame type ranges: the core set, then each feature's block. A merge adds a block here. */
    private static final int[][] RANGES = {{HELLO, PRESENCE}, {CREATE_GROUP, PRIVATE}, {EDIT, HISTORY}};

    private FrameType()
    {
    }

    public static boolean isKnown(final int type)
    {
        for (final int[] range : RANGES)
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
            case HELLO: return "HELLO";
            case JOIN_ROOM: return "JOIN_ROOM";
            case LEAVE_ROOM: return "LEAVE_ROOM";
            case MESSAGE: return "MESSAGE";
            case HEARTBEAT: return "HEARTBEAT";
            case ERROR: return "ERROR";
            case ACK: return "ACK";
            case TYPING: return "TYPING";
            case PRESENCE: return "PRESENCE";
            case CREATE_GROUP: return "CREATE_GROUP";
            case ADD_MEMBER: return "ADD_MEMBER";
            case REMOVE_MEMBER: return "REMOVE_MEMBER";
            case PRIVATE: return "PRIVATE";
            case EDIT: return "EDIT";
            case DELETE: return "DELETE";
            case HISTORY: return "HISTORY";
            default: return "UNKNOWN(" + type + ")";
        }
    }
}
