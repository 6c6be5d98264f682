package io.ringway.codec;

/**
 * Stable error codes shared by every transport. The wire id travels on the internal link and
 * in nothing else; clients see {@link #code()} (JSON {@code error.code}, binary ERROR payload).
 * Never renumber: journals written by older versions carry the wire id.
 */
public enum ErrorCode
{
    BAD_REQUEST(1, "bad_request", "malformed command or missing field"),
    UNKNOWN_TYPE(2, "unknown_type", "unknown command type"),
    NOT_MEMBER(3, "not_member", "not a member of this room"),
    UNAUTHENTICATED(4, "unauthenticated", "authenticate first"),
    TOO_LARGE(5, "too_large", "message exceeds the size limit"),
    OVERLOADED(6, "overloaded", "engine is saturated, retry later"),
    SLOW_CONSUMER(7, "slow_consumer", "outbound queue overflowed"),
    BAD_FRAME(8, "bad_frame", "frame violates the binary protocol"),
    UNSUPPORTED_VERSION(9, "unsupported_version", "unsupported protocol version"),
    INTERNAL(10, "internal", "internal error"),
    ALREADY_AUTHENTICATED(11, "already_authenticated", "connection is bound to another user"),
    IDLE_TIMEOUT(12, "idle_timeout", "no traffic within the idle timeout"),
    INBOX_FULL(13, "inbox_full", "the recipient has too many undelivered messages"),
    /** The connection's token does not grant this room (gateway-side check of the {@code rooms} claim). */
    FORBIDDEN(14, "forbidden", "the token does not allow this room"),
    /** {@code create_group} of a name an open, group or private room already has. */
    ROOM_EXISTS(15, "room_exists", "a room of this name already exists"),
    /** Managing a group's members without being its owner or an admin, removing its owner, or a group command on a room that is no group. */
    NOT_ALLOWED(16, "not_allowed", "only a group's owner or admins manage its members, and nobody removes the owner"),
    /** The connection has joined as many rooms as {@code --max-rooms-per-session} allows. */
    TOO_MANY_ROOMS(17, "too_many_rooms", "this connection has joined the most rooms allowed"),
    /** The group has as many members as {@code --max-group-members} allows. */
    GROUP_FULL(18, "group_full", "the group has the most members allowed"),
    /** {@code add_member} of a user who is a member already. */
    ALREADY_MEMBER(19, "already_member", "the user is already a member of this group"),
    /** Edit or delete of a seq the room never had, or of a message already deleted. */
    NOT_FOUND(20, "not_found", "no such message in this room"),
    /** Edit by anyone but the author, or delete by anyone but the author or a moderator. */
    NOT_AUTHOR(21, "not_author", "only the author may change this message"),
    /** Edit or delete of a message that is no longer kept in the engine's memory. */
    HISTORY_UNAVAILABLE(22, "history_unavailable", "the message is older than the history kept in memory"),
    /** The engine could not append the command to its journal (disk full, a failed mapping): nothing of it was applied. */
    JOURNAL_UNAVAILABLE(23, "journal_unavailable", "the engine could not journal the command; it was not applied, retry later"),
    /**
     * A journal commit failed and whether its document reached the journal could not be told: not applied now,
     * applied by the next restart if it did. A retry may apply it twice (a publish with a client_msg_id is safe).
     */
    JOURNAL_OUTCOME_UNKNOWN(24, "journal_outcome_unknown",
        "the engine could not tell whether the command reached its journal; a restart applies it if it did");

    private static final ErrorCode[] BY_WIRE_ID;

    static
    {
        int max = 0;
        for (final ErrorCode c : values())
        {
            max = Math.max(max, c.wireId);
        }
        BY_WIRE_ID = new ErrorCode[max + 1];
        for (final ErrorCode c : values())
        {
            BY_WIRE_ID[c.wireId] = c;
        }
    }

    private final int wireId;
    private final String code;
    private final String defaultMessage;

    ErrorCode(final int wireId, final String code, final String defaultMessage)
    {
        this.wireId = wireId;
        this.code = code;
        this.defaultMessage = defaultMessage;
    }

    public int wireId()
    {
        return wireId;
    }

    public String code()
    {
        return code;
    }

    public String defaultMessage()
    {
        return defaultMessage;
    }

    /** @return the code for a wire id, or {@link #INTERNAL} for an id this version does not know. */
    public static ErrorCode fromWireId(final int wireId)
    {
        if (wireId > 0 && wireId < BY_WIRE_ID.length && BY_WIRE_ID[wireId] != null)
        {
            return BY_WIRE_ID[wireId];
        }
        return INTERNAL;
    }
}
