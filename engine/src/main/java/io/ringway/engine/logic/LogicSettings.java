package io.ringway.engine.logic;

import io.ringway.codec.link.EngineSettingsBlock;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.HistoryConfig;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Every setting the business logic's state or output depends on. They are state like any other: a journal starts
 * under {@link #DEFAULTS}, and the engine journals an {@link LinkType#ENGINE_SETTINGS} command at start whenever its
 * configuration says otherwise. So recovery, a replay and the history reader each apply every command under the
 * settings it was first applied under, with no flags to remember; and a snapshot carries the settings in force.
 *
 * @param inboxLimit direct messages kept per offline user
 * @param roomLimits the room limits
 * @param history    messages kept per room, and the client message id window
 */
public record LogicSettings(int inboxLimit, RoomLimits roomLimits, HistoryConfig history)
{
    /** As in {@code EngineConfig.DEFAULT_INBOX_LIMIT}. */
    public static final int DEFAULT_INBOX_LIMIT = 10_000;
    /**
     * What a kept message may take besides its data: its author's name, at most 128 bytes from a client, with room to
     * spare (a linked gateway may open sessions with longer names, which the check does not cover).
     */
    static final int KEPT_BYTES_PER_MESSAGE = 256;
    /** What a journal starts under, until its first ENGINE_SETTINGS. */
    public static final LogicSettings DEFAULTS = new LogicSettings(DEFAULT_INBOX_LIMIT, RoomLimits.DEFAULTS, HistoryConfig.DEFAULTS);

    public LogicSettings
    {
        if (inboxLimit < 0 || roomLimits == null || history == null)
        {
            throw new IllegalArgumentException("settings: inbox limit >= 0, room limits and history given");
        }
    }

    /**
     * Checks settings an engine is about to start under (and so to journal): a room's message log must be able to keep
     * {@code history.perRoomMessages()} messages of the largest size, or a publish could fail half-applied once a room
     * passed 512 MiB. Only for new settings: settings a journal or a snapshot already holds are applied as they are,
     * since skipping them would make a replay diverge from the run that wrote them.
     *
     * @return these settings
     * @throws IllegalArgumentException naming the flags, when they could outgrow a room's log
     */
    public LogicSettings requireFitsRoomLog()
    {
        final long keptBytes = (history.perRoomMessages() + 1L) * (roomLimits.maxMessageBytes() + KEPT_BYTES_PER_MESSAGE);
        if (keptBytes > MessageLog.MAX_KEPT_BYTES)
        {
            throw new IllegalArgumentException("--history-per-room " + history.perRoomMessages() + " messages of up to --max-message-bytes "
                + roomLimits.maxMessageBytes() + " could be " + (keptBytes >> 20) + " MiB in one room: at most "
                + (MessageLog.MAX_KEPT_BYTES >> 20) + " MiB; lower one of them");
        }
        return this;
    }

    /** @return the ENGINE_SETTINGS command (gateway 0, session 0) carrying these, written at {@code offset}; its length */
    public int encodeCommand(final MutableDirectBuffer buffer, final int offset)
    {
        final UnsafeBuffer block = new UnsafeBuffer(new byte[EngineSettingsBlock.LENGTH]);
        EngineSettingsBlock.write(block, 0, inboxLimit, roomLimits.maxRoomsPerSession(), roomLimits.maxGroupMembers(),
            roomLimits.maxMessageBytes(), roomLimits.presenceAnnounceMax(), history.perRoomMessages(), history.dedupeWindowMs());
        return LinkCommandEncoder.encode(buffer, offset, LinkType.ENGINE_SETTINGS, 0, 0L, null, 0, 0, null, 0, 0,
            block, 0, EngineSettingsBlock.LENGTH);
    }

    /** The settings a block holds, or null when it does not decode or holds a value out of range. */
    public static LogicSettings decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!EngineSettingsBlock.isValid(buffer, offset, length))
        {
            return null;
        }
        try
        {
            return new LogicSettings(EngineSettingsBlock.inboxLimit(buffer, offset),
                new RoomLimits(EngineSettingsBlock.maxRoomsPerSession(buffer, offset), EngineSettingsBlock.maxGroupMembers(buffer, offset),
                    EngineSettingsBlock.maxMessageBytes(buffer, offset), EngineSettingsBlock.presenceAnnounceMax(buffer, offset)),
                new HistoryConfig(EngineSettingsBlock.historyPerRoom(buffer, offset), EngineSettingsBlock.dedupeWindowMs(buffer, offset)));
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }
}
