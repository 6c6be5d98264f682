package io.ringway.gateway.cli;

import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.EngineSettingsBlock;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One journal record taken apart for a human: the command's fields when it is well formed, or what
 * is wrong with it. Decoding never throws, whatever the bytes: a dump must show a damaged journal,
 * not die on it. Copies everything it keeps, because the journal reader reuses its buffer.
 *
 * @param sequence    engine sequence of the record
 * @param timestampMs journal timestamp of the record
 * @param kind        whether the command decoded
 * @param typeId      the header's type byte, or -1 when the record is too short to hold one
 * @param hasHeader   whether the record is long enough for a whole link header (gateway and session are then set)
 * @param gatewayId   the header's gateway id
 * @param sessionId   the header's session id
 * @param corrId      the raw JSON token of the client's id (empty for none or for types without one), or null
 * @param nameField   what the name is for this type: {@code user}, {@code room}, {@code to} or {@code with} (OPEN_PRIVATE's
 *                    other user); null when it has none
 * @param name        the name's bytes, or null
 * @param data        the data's bytes (PUBLISH, DIRECT), or null
 * @param state       TYPING's state, {@code "start"} or {@code "stop"}; null for other types
 * @param history     the history commands' fields in layout order ({@code client_msg_id} a String,
 *                    {@code msg_seq}/{@code since}/{@code before}/{@code after}, {@code epoch}, {@code limit}/{@code last}
 *                    Longs, {@code order} a String); empty for other types
 * @param error       why the command is unknown or malformed, or null
 * @param raw         the whole command as journaled
 * @param group       the fields of CREATE_GROUP, ADD_MEMBER and REMOVE_MEMBER beyond the room; null for other types
 */
record DecodedCommand(
    long sequence, long timestampMs, Kind kind, int typeId, boolean hasHeader, int gatewayId, long sessionId,
    byte[] corrId, String nameField, byte[] name, byte[] data, String state, Map<String, Object> history, String error, byte[] raw,
    GroupFields group)
{
    /**
     * @param title   CREATE_GROUP's title, or null
     * @param members CREATE_GROUP's members, in order, or null
     * @param user    ADD_MEMBER's or REMOVE_MEMBER's member, or null
     * @param role    ADD_MEMBER's role, {@code member} or {@code admin}; null for other types
     */
    record GroupFields(byte[] title, List<byte[]> members, byte[] user, String role)
    {
    }

    enum Kind
    {
        /** A well-formed command of a known type. */
        COMMAND,
        /** A whole link frame of this version whose type is not a command (a newer type, or an event). */
        UNKNOWN,
        /** Anything else: too short, wrong version, lengths that do not add up. */
        MALFORMED
    }

    /** The type's name for a decoded command; {@code UNKNOWN} or {@code MALFORMED} otherwise. */
    String typeName()
    {
        return kind == Kind.COMMAND ? LinkType.name(typeId) : kind.name();
    }

    static DecodedCommand decode(
        final long sequence, final long timestampMs, final DirectBuffer buffer, final int offset, final int length,
        final LinkCommandDecoder decoder)
    {
        final byte[] raw = new byte[length];
        buffer.getBytes(offset, raw);
        if (length < LinkHeader.LENGTH)
        {
            final int typeId = length > LinkHeader.TYPE_OFFSET ? LinkHeader.type(buffer, offset) : -1;
            return problem(sequence, timestampMs, Kind.MALFORMED, typeId, false, 0, 0,
                length + " bytes, shorter than the " + LinkHeader.LENGTH + "-byte link header", raw);
        }
        final int typeId = LinkHeader.type(buffer, offset);
        final int gatewayId = LinkHeader.gatewayId(buffer, offset);
        final long sessionId = LinkHeader.sessionId(buffer, offset);
        final int version = LinkHeader.version(buffer, offset);
        if (version != LinkHeader.VERSION)
        {
            return problem(sequence, timestampMs, Kind.MALFORMED, typeId, true, gatewayId, sessionId,
                "link version " + version + ", expected " + LinkHeader.VERSION, raw);
        }
        final int frameLength = LinkHeader.frameLength(buffer, offset);
        if (frameLength != length)
        {
            return problem(sequence, timestampMs, Kind.MALFORMED, typeId, true, gatewayId, sessionId,
                "frame length " + frameLength + ", but the record holds " + length + " bytes", raw);
        }
        if (!LinkType.isCommand(typeId))
        {
            final String why = LinkType.isEvent(typeId)
                ? "type " + hex(typeId) + " is the event " + LinkType.name(typeId) + ", not a command"
                : "no command has type " + hex(typeId);
            return problem(sequence, timestampMs, Kind.UNKNOWN, typeId, true, gatewayId, sessionId, why, raw);
        }
        if (!decoder.wrap(buffer, offset, length))
        {
            return problem(sequence, timestampMs, Kind.MALFORMED, typeId, true, gatewayId, sessionId,
                "the body does not match the " + LinkType.name(typeId) + " layout", raw);
        }
        return new DecodedCommand(sequence, timestampMs, Kind.COMMAND, typeId, true, gatewayId, sessionId,
            copy(decoder.buffer(), decoder.corrIdOffset(), decoder.corrIdLength()),
            nameField(typeId),
            nameField(typeId) == null ? null : copy(decoder.buffer(), decoder.nameOffset(), decoder.nameLength()),
            LinkCommandEncoder.hasData(typeId) && typeId != LinkType.ENGINE_SETTINGS // its fields are shown one by one
                ? copy(decoder.buffer(), decoder.dataOffset(), decoder.dataLength()) : null,
            typeId == LinkType.TYPING ? (decoder.state() == LinkCommandEncoder.TYPING_START ? "start" : "stop") : null,
            historyFields(typeId, decoder), null, raw, groupFields(typeId, decoder));
    }

    private static Map<String, Object> historyFields(final int type, final LinkCommandDecoder decoder)
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        switch (type)
        {
            case LinkType.PUBLISH_ONCE:
                fields.put("client_msg_id", decoder.clientMsgId());
                break;
            case LinkType.EDIT:
            case LinkType.DELETE:
                fields.put("msg_seq", decoder.seq()); // the room seq of the message; "seq" is the record's own
                break;
            case LinkType.JOIN_RESUME:
                if (decoder.seq() >= 0)
                {
                    fields.put("since", decoder.seq());
                }
                if (decoder.epoch() != 0)
                {
                    fields.put("epoch", decoder.epoch());
                }
                if (decoder.limit() > 0)
                {
                    fields.put("last", (long)decoder.limit());
                }
                break;
            case LinkType.ENGINE_SETTINGS:
                settingsFields(decoder, fields);
                break;
            case LinkType.HISTORY:
                final boolean after = (decoder.mode() & LinkCommandEncoder.HISTORY_AFTER) != 0;
                if (decoder.seq() >= 0)
                {
                    fields.put(after ? "after" : "before", decoder.seq());
                }
                fields.put("limit", (long)decoder.limit());
                fields.put("order", (decoder.mode() & LinkCommandEncoder.HISTORY_OLDEST_FIRST) != 0 ? "oldest" : "newest");
                break;
            default:
                break;
        }
        return fields;
    }

    /** An ENGINE_SETTINGS command's values, under the names of the server flags that set them. */
    private static void settingsFields(final LinkCommandDecoder decoder, final Map<String, Object> fields)
    {
        final org.agrona.DirectBuffer buffer = decoder.buffer();
        final int at = decoder.dataOffset();
        if (!EngineSettingsBlock.isValid(buffer, at, decoder.dataLength()))
        {
            fields.put("settings", "a block of " + decoder.dataLength() + " bytes this version does not read");
            return;
        }
        fields.put("inbox_limit", (long)EngineSettingsBlock.inboxLimit(buffer, at));
        fields.put("max_rooms_per_session", (long)EngineSettingsBlock.maxRoomsPerSession(buffer, at));
        fields.put("max_group_members", (long)EngineSettingsBlock.maxGroupMembers(buffer, at));
        fields.put("max_message_bytes", (long)EngineSettingsBlock.maxMessageBytes(buffer, at));
        fields.put("presence_announce_max", (long)EngineSettingsBlock.presenceAnnounceMax(buffer, at));
        fields.put("history_per_room", (long)EngineSettingsBlock.historyPerRoom(buffer, at));
        fields.put("dedupe_window_ms", EngineSettingsBlock.dedupeWindowMs(buffer, at));
    }

    /** A record that could not be shown at all (a bug in the dump, not in the journal): its bytes, and why. */
    static DecodedCommand undisplayable(final long sequence, final long timestampMs, final byte[] raw, final String why)
    {
        return problem(sequence, timestampMs, Kind.MALFORMED, -1, false, 0, 0, why, raw);
    }

    static String hex(final int typeId)
    {
        return String.format("0x%02x", typeId);
    }

    private static DecodedCommand problem(
        final long sequence, final long timestampMs, final Kind kind, final int typeId, final boolean hasHeader,
        final int gatewayId, final long sessionId, final String error, final byte[] raw)
    {
        return new DecodedCommand(sequence, timestampMs, kind, typeId, hasHeader, gatewayId, sessionId,
            null, null, null, null, null, Map.of(), error, raw, null);
    }

    private static GroupFields groupFields(final int type, final LinkCommandDecoder decoder)
    {
        if (LinkCommandEncoder.hasTitleAndMembers(type))
        {
            final List<byte[]> members = new ArrayList<>(decoder.memberCount());
            int position = decoder.membersOffset();
            for (int i = 0; i < decoder.memberCount(); i++)
            {
                members.add(copy(decoder.buffer(), position + 2, decoder.memberLength(position)));
                position = decoder.nextMember(position);
            }
            return new GroupFields(copy(decoder.buffer(), decoder.titleOffset(), decoder.titleLength()), members, null, null);
        }
        if (LinkCommandEncoder.hasUser(type))
        {
            final String role = LinkCommandEncoder.hasRole(type)
                ? (decoder.role() == LinkCommandEncoder.ROLE_ADMIN ? "admin" : "member") : null;
            return new GroupFields(null, null, copy(decoder.buffer(), decoder.userOffset(), decoder.userLength()), role);
        }
        return null;
    }

    private static String nameField(final int type)
    {
        switch (type)
        {
            case LinkType.SESSION_OPEN: return "user";
            case LinkType.JOIN:
            case LinkType.LEAVE:
            case LinkType.PUBLISH:
            case LinkType.TYPING:
            case LinkType.PRESENCE_QUERY:
            case LinkType.CREATE_GROUP:
            case LinkType.ADD_MEMBER:
            case LinkType.REMOVE_MEMBER:
            case LinkType.EDIT:
            case LinkType.DELETE:
            case LinkType.HISTORY:
            case LinkType.JOIN_RESUME:
            case LinkType.PUBLISH_ONCE:
                return "room";
            case LinkType.DIRECT: return "to";
            case LinkType.OPEN_PRIVATE: return "with";
            default: return null;
        }
    }

    private static byte[] copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        if (length > 0)
        {
            buffer.getBytes(offset, bytes);
        }
        return bytes;
    }
}
