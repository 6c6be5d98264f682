package io.ringway.gateway.cli;

import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.EngineConfig;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalAppender;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a real journal for the CLI tests: link commands built with {@link LinkCommandEncoder} (or any
 * bytes, to play a damaged journal), appended through {@link JournalAppender} with sequences 1..n.
 */
final class JournalFixture
{
    /** 2023-11-14T22:13:20.000Z. */
    static final long START_TS_MS = 1_700_000_000_000L;

    private final List<byte[]> commands = new ArrayList<>();

    /** Seconds and milliseconds both move, so a formatting slip in either shows. */
    static long timestampOf(final long sequence)
    {
        return START_TS_MS + sequence * 1001;
    }

    JournalFixture sessionOpen(final int gatewayId, final long sessionId, final String user)
    {
        return add(encode(LinkType.SESSION_OPEN, gatewayId, sessionId, null, user, null));
    }

    JournalFixture sessionClose(final int gatewayId, final long sessionId)
    {
        return add(encode(LinkType.SESSION_CLOSE, gatewayId, sessionId, null, null, null));
    }

    JournalFixture gatewayReset(final int gatewayId)
    {
        return add(encode(LinkType.GATEWAY_RESET, gatewayId, 0, null, null, null));
    }

    JournalFixture join(final int gatewayId, final long sessionId, final String corrId, final String room)
    {
        return add(encode(LinkType.JOIN, gatewayId, sessionId, corrId, room, null));
    }

    JournalFixture leave(final int gatewayId, final long sessionId, final String corrId, final String room)
    {
        return add(encode(LinkType.LEAVE, gatewayId, sessionId, corrId, room, null));
    }

    JournalFixture publish(final int gatewayId, final long sessionId, final String corrId, final String room, final String data)
    {
        return publish(gatewayId, sessionId, corrId, room, data.getBytes(StandardCharsets.UTF_8));
    }

    JournalFixture publish(final int gatewayId, final long sessionId, final String corrId, final String room, final byte[] data)
    {
        return add(encodeBytes(LinkType.PUBLISH, gatewayId, sessionId, bytes(corrId), bytes(room), data));
    }

    JournalFixture direct(final int gatewayId, final long sessionId, final String corrId, final String to, final String data)
    {
        return add(encode(LinkType.DIRECT, gatewayId, sessionId, corrId, to, data));
    }

    JournalFixture typing(final int gatewayId, final long sessionId, final String room, final boolean start)
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
        final UnsafeBuffer name = new UnsafeBuffer(room.getBytes(StandardCharsets.UTF_8));
        final int length = io.ringway.codec.link.LinkCommandEncoder.encodeTyping(out, 0, gatewayId, sessionId, null, 0, 0,
            name, 0, name.capacity(), start ? io.ringway.codec.link.LinkCommandEncoder.TYPING_START : io.ringway.codec.link.LinkCommandEncoder.TYPING_STOP);
        final byte[] command = new byte[length];
        out.getBytes(0, command);
        return add(command);
    }

    /** Any bytes as a command: the journal stores commands opaquely, so this is how a damaged record looks. */
    JournalFixture raw(final byte[] command)
    {
        return add(command);
    }

    /** Writes the journal under {@code dataDir} where the server would ({@code <dataDir>/journal}). */
    Path writeTo(final Path dataDir)
    {
        final Path journalDir = EngineConfig.defaults(dataDir).journalDirectory();
        try (Journal journal = Journal.open(journalDir); JournalAppender appender = journal.appender())
        {
            for (int i = 0; i < commands.size(); i++)
            {
                final byte[] command = commands.get(i);
                appender.append(i + 1, timestampOf(i + 1), new UnsafeBuffer(command), 0, command.length);
            }
        }
        return journalDir;
    }

    private JournalFixture add(final byte[] command)
    {
        commands.add(command);
        return this;
    }

    static byte[] encode(
        final int type, final int gatewayId, final long sessionId, final String corrId, final String name, final String data)
    {
        return encodeBytes(type, gatewayId, sessionId, bytes(corrId), bytes(name), bytes(data));
    }

    static byte[] encodeBytes(
        final int type, final int gatewayId, final long sessionId, final byte[] corrId, final byte[] name, final byte[] data)
    {
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        out.checkLimit(LinkCommandEncoder.encodedLength(type, corrId.length, name.length, data.length));
        final int length = LinkCommandEncoder.encode(out, 0, type, gatewayId, sessionId,
            new UnsafeBuffer(corrId), 0, corrId.length,
            new UnsafeBuffer(name), 0, name.length,
            new UnsafeBuffer(data), 0, data.length);
        return Arrays.copyOf(out.byteArray(), length);
    }

    private static byte[] bytes(final String value)
    {
        return value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    }
}
