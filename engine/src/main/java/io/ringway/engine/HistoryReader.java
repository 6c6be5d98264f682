package io.ringway.engine;

import io.ringway.codec.ErrorCode;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkEventDecoder;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.logic.BusinessLogic;
import io.ringway.engine.logic.LogicSettings;
import io.ringway.engine.logic.HistoryFallback;
import io.ringway.engine.logic.OutboundSink;
import io.ringway.engine.replay.SnapshotRecovery;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalReader;
import io.ringway.journal.JournalRecordHandler;
import io.ringway.journal.snapshot.SnapshotStore;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Answers {@code HISTORY} queries that reach messages no longer kept in memory, from the journal, on
 * its own thread ({@code ringway-history}): the logic thread does no I/O and hands such a query over
 * with the journal sequence of the query itself.
 *
 * <p>How: a fresh {@link BusinessLogic}, from the default settings as the journal starts (its ENGINE_SETTINGS say the rest), replays the journal up to
 * just before the query, and the room's message, edit and delete events it emits for the asked seqs
 * are the answer. The same state machine decides what was published, edited and deleted, so the
 * answer is what the engine would have said had it kept everything: edits and tombstones included,
 * and nothing the engine refused. The cost is a replay of the journal per such query (millions of
 * commands per second); fine for a rare deep scroll, not for a hot path. With snapshots on, the
 * replay starts from the newest snapshot taken before the page's oldest message was published (so
 * the page's messages and all their changes come after it), when one is kept: only the journal after
 * that snapshot is replayed.
 *
 * <p>The reply goes from this thread straight to the gateway's listener for another thread
 * ({@code OutboundRouter.fromAnotherThread}), so the logic thread's outbound ring keeps its single
 * producer. It is not part of the outbound digest, as its timing is not a function of the journal. At most
 * {@link #MAX_PENDING} queries wait; beyond, the query is answered {@code overloaded}, also outside the digest.
 */
public final class HistoryReader implements HistoryFallback, AutoCloseable
{
    static final int MAX_PENDING = 64;

    private record Request(
        int gatewayId, long sessionId, long querySequence, byte[] room, byte[] corrId,
        long lo, long hi, int mode, int flags, long oldestKept, long latestSeq)
    {
    }

    /** A message as the replay left it. */
    private record Entry(long msgId, long timestampMs, long changedTimestampMs, int state, byte[] from, byte[] data)
    {
    }

    private final Journal journal;
    /** Where deep pages may start from instead of the journal's first record; null without snapshots. */
    private final SnapshotStore snapshots;
    private final java.util.concurrent.atomic.AtomicLong pagesFromSnapshot = new java.util.concurrent.atomic.AtomicLong();
    private final EngineConfig config;
    /** For the refusal {@link #submit} sends on the logic thread when the queue is full. */
    private final OutboundSink logicThreadOutbound;
    /** For the replies this reader's thread sends: to the gateway's listener for another thread. */
    private final OutboundSink outbound;
    private final BlockingQueue<Request> pending = new ArrayBlockingQueue<>(MAX_PENDING);
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(4096);
    private final ExpandableArrayBuffer errorOut = new ExpandableArrayBuffer(512);
    private final Thread thread;
    private volatile boolean running = true;

    HistoryReader(
        final Journal journal, final SnapshotStore snapshots, final EngineConfig config,
        final OutboundSink logicThreadOutbound, final OutboundSink outbound, final EngineThreadFactory threadFactory)
    {
        this.journal = journal;
        this.snapshots = snapshots;
        this.config = config;
        this.logicThreadOutbound = logicThreadOutbound;
        this.outbound = outbound;
        thread = threadFactory.newDaemon(this::run, "ringway-history");
        thread.start();
    }

    /** Logic thread. Copies the query and returns at once. */
    @Override
    public void submit(
        final int gatewayId, final long sessionId, final long querySequence,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final long lo, final long hi, final int mode, final int flags, final long oldestKept, final long latestSeq)
    {
        final byte[] roomBytes = new byte[roomLength];
        room.getBytes(roomOffset, roomBytes);
        final byte[] corrIdBytes = new byte[corrIdLength];
        corrId.getBytes(corrIdOffset, corrIdBytes);
        if (!pending.offer(new Request(gatewayId, sessionId, querySequence, roomBytes, corrIdBytes,
            lo, hi, mode, flags, oldestKept, latestSeq)))
        {
            final int length = LinkEventEncoder.error(errorOut, 0, gatewayId, sessionId, ErrorCode.OVERLOADED.wireId(),
                new UnsafeBuffer(corrIdBytes), 0, corrIdLength);
            logicThreadOutbound.onEvent(gatewayId, errorOut, 0, length);
        }
    }

    private void run()
    {
        while (running)
        {
            final Request request;
            try
            {
                request = pending.poll(100, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (request == null)
            {
                continue;
            }
            try
            {
                final TreeMap<Long, Entry> entries = replay(request);
                if (running) // else the replay was cut short by close(): no partial page
                {
                    answer(request, entries);
                }
            }
            catch (final RuntimeException | Error ex) // an Error too (out of memory for a page): the thread serves the next query
            {
                try
                {
                    final int length = LinkEventEncoder.error(out, 0, request.gatewayId(), request.sessionId(),
                        ErrorCode.INTERNAL.wireId(), new UnsafeBuffer(request.corrId()), 0, request.corrId().length);
                    outbound.onEvent(request.gatewayId(), out, 0, length);
                }
                catch (final RuntimeException | Error answerFailed)
                {
                    // nobody to tell: the querying session gets no answer, the next queries still do
                }
            }
        }
    }

    /** The asked seqs as of just before the query: the room's message, edit and delete events of a replay. */
    private TreeMap<Long, Entry> replay(final Request request)
    {
        final TreeMap<Long, Entry> entries = new TreeMap<>();
        final LinkEventDecoder event = new LinkEventDecoder();
        final OutboundSink capture = (gatewayId, buffer, offset, length) ->
        {
            if (!event.wrap(buffer, offset, length))
            {
                return;
            }
            final int type = event.type();
            if (type != LinkType.ROOM_MESSAGE && type != LinkType.ROOM_EDIT && type != LinkType.ROOM_DELETE ||
                event.seq() < request.lo() || event.seq() > request.hi() || !isRoom(buffer, event, request.room()))
            {
                return;
            }
            final byte[] from = new byte[event.fromLength()];
            buffer.getBytes(event.fromOffset(), from);
            final byte[] data = new byte[event.dataLength()];
            buffer.getBytes(event.dataOffset(), data);
            entries.put(event.seq(), type == LinkType.ROOM_MESSAGE
                ? new Entry(event.msgId(), event.timestampMs(), LinkEventEncoder.NO_SEQ, LinkEventEncoder.ENTRY_ORIGINAL, from, data)
                : new Entry(event.msgId(), event.timestampMs(), event.changedTimestampMs(), event.state(), from, data));
        };
        if (snapshots != null)
        {
            // A snapshot from before the room's message lo was published holds everything the page needs to be rebuilt:
            // every message of the page, and every change to them, comes after it. Only the journal after it is replayed.
            final String room = new String(request.room(), java.nio.charset.StandardCharsets.UTF_8);
            final SnapshotRecovery.Recovered fromSnapshot = SnapshotRecovery.fromSnapshot(journal, snapshots,
                () -> new BusinessLogic(capture, LogicSettings.DEFAULTS), warning -> { },
                request.querySequence() - 1, loaded ->
                {
                    final io.ringway.engine.logic.RoomView view = loaded.describeRoom(room);
                    return view == null || view.lastSeq() < request.lo();
                });
            if (fromSnapshot != null)
            {
                pagesFromSnapshot.incrementAndGet();
                return entries;
            }
        }
        final BusinessLogic shadow = new BusinessLogic(capture, LogicSettings.DEFAULTS);
        // Record by record, so close() stops a long replay at once instead of waiting for it (the journal closes next).
        final long last = request.querySequence() - 1;
        final JournalRecordHandler apply = (sequence, timestampMs, command, offset, length) ->
        {
            if (sequence <= last)
            {
                shadow.apply(sequence, timestampMs, command, offset, length);
            }
        };
        try (JournalReader reader = journal.reader())
        {
            while (running && shadow.lastAppliedSequence() < last && reader.read(apply))
            {
                // each record goes through apply
            }
        }
        return entries;
    }

    private static boolean isRoom(final DirectBuffer buffer, final LinkEventDecoder event, final byte[] room)
    {
        if (event.roomLength() != room.length)
        {
            return false;
        }
        final byte[] name = new byte[room.length];
        buffer.getBytes(event.roomOffset(), name);
        return Arrays.equals(name, room);
    }

    private void answer(final Request request, final TreeMap<Long, Entry> entries)
    {
        final UnsafeBuffer room = new UnsafeBuffer(request.room());
        final UnsafeBuffer corrId = new UnsafeBuffer(request.corrId());
        // Within LinkEventEncoder.MAX_REPLY_BYTES, as the engine's own pages: walking away from the anchor, a cut page says "more".
        final boolean after = (request.mode() & LinkCommandEncoder.HISTORY_AFTER) != 0;
        int length = LinkEventEncoder.historyReplyHeadLength(corrId.capacity(), room.capacity());
        NavigableMap<Long, Entry> page = entries;
        int flags = request.flags();
        boolean first = true;
        for (final var item : (after ? entries : entries.descendingMap()).entrySet())
        {
            final int entry = LinkEventEncoder.historyEntryLength(item.getValue().from().length, item.getValue().data().length);
            if (!first && length + entry > LinkEventEncoder.MAX_REPLY_BYTES)
            {
                page = after ? entries.headMap(item.getKey(), false) : entries.tailMap(item.getKey(), false);
                flags |= LinkEventEncoder.HISTORY_MORE;
                break;
            }
            length += entry;
            first = false;
        }
        out.checkLimit(length);
        int position = LinkEventEncoder.startHistoryReply(out, 0, corrId, 0, corrId.capacity(), room, 0, room.capacity());
        final boolean oldestFirst = (request.mode() & LinkCommandEncoder.HISTORY_OLDEST_FIRST) != 0;
        for (final var item : (oldestFirst ? page : page.descendingMap()).entrySet())
        {
            final Entry entry = item.getValue();
            position = LinkEventEncoder.putHistoryEntry(out, position, item.getKey(), entry.msgId(), entry.timestampMs(),
                entry.changedTimestampMs(), entry.state(),
                new UnsafeBuffer(entry.from()), 0, entry.from().length, new UnsafeBuffer(entry.data()), 0, entry.data().length);
        }
        final int frameLength = LinkEventEncoder.finishHistoryReply(out, 0, request.gatewayId(), request.sessionId(),
            page.size(), flags, request.oldestKept(), request.latestSeq(), position);
        outbound.onEvent(request.gatewayId(), out, 0, frameLength);
    }

    /** Pages rebuilt from a snapshot and the journal after it, rather than from the journal's start. */
    public long pagesFromSnapshot()
    {
        return pagesFromSnapshot.get();
    }

    /** Stops the thread; queries still waiting get no answer (their gateway is going away with the engine). */
    @Override
    public void close()
    {
        running = false;
        thread.interrupt();
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
