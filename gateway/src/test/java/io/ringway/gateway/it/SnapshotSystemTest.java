package io.ringway.gateway.it;

import io.ringway.engine.SnapshotConfig;
import io.ringway.engine.logic.OutboundDigest;
import io.ringway.gateway.RingwayServer;
import io.ringway.journal.Journal;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ringway.gateway.it.Json.longValue;
import static io.ringway.gateway.it.Json.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots end to end, with the server in a child process: traffic, a clean stop (a snapshot of the final state
 * is written), a start from that snapshot, more traffic, SIGKILL, and a restart from the snapshot plus the journal
 * after it. The recovered digest must equal a full replay of the same journal, and the state (room seqs,
 * members, kept direct messages) must be whole.
 */
class SnapshotSystemTest extends ChildServerSystemTest
{
    private static final String ROOM = "snap";

    private ChildServer startChild()
    {
        return startChild("--snapshot-every", "1000000", "--snapshot-keep", "2");
    }

    private WsTestClient connect(final InetSocketAddress httpAddress, final String user)
    {
        final WsTestClient client = WsTestClient.connect(http, WsTestClient.uri(httpAddress, "client_id=" + user));
        clients.add(client);
        return client;
    }

    private static long publish(final WsTestClient client, final String id)
    {
        client.send("{\"type\":\"publish\",\"room\":\"" + ROOM + "\",\"id\":\"" + id + "\",\"data\":{\"tag\":\"" + id + "\"}}");
        final Map<String, Object> reply = client.awaitReply(id);
        assertEquals("ack", reply.get("type"), reply::toString);
        return longValue(reply, "seq");
    }

    private static void sendDirect(final WsTestClient from, final String id, final String to, final String text)
    {
        from.send("{\"type\":\"message\",\"id\":\"" + id + "\",\"data\":{\"to\":\"" + to + "\",\"text\":\"" + text + "\"}}");
        assertEquals(Map.of("type", "ack", "id", id), from.awaitReply(id));
    }

    private static long lastJournaledSequence(final Path dataDir)
    {
        try (Journal journal = Journal.openForReading(dataDir.resolve("journal")))
        {
            return journal.lastSequence();
        }
    }

    @Test
    void shouldRecoverFromTheSnapshotAndTheJournalAfterItToTheDigestOfAFullReplayWhenKilledAfterACleanRestart() throws Exception
    {
        // 1. traffic, then a clean stop: the final state goes into a snapshot
        final ChildServer first = startChild();
        assertEquals("ringway: snapshots " + dataDir.resolve("snapshots").toAbsolutePath() + " every 1000000 commands, keep 2",
            first.line("ringway: snapshots"));
        final WsTestClient alice = connect(first.httpAddress(), "alice");
        sendDirect(alice, "z1", "zoe", "kept before the snapshot");
        final WsTestClient pub0 = connect(first.httpAddress(), "pub0");
        final WsTestClient pub1 = connect(first.httpAddress(), "pub1");
        final WsTestClient ella = connect(first.httpAddress(), "ella");
        pub0.join(ROOM, "j");
        pub1.join(ROOM, "j");
        ella.join(ROOM, "j"); // a member who goes offline: still a member after every restart
        long seq = 0;
        for (int i = 0; i < 20; i++)
        {
            assertEquals(++seq, publish(i % 2 == 0 ? pub0 : pub1, "a" + i));
        }
        first.stopCleanly(); // SIGTERM: the shutdown hook drains and closes the engine
        assertEquals(128 + 15, first.process.exitValue());
        assertNotNull(first.line("ringway: stopped"), first.output::toString);
        final long snapshotSeq = lastJournaledSequence(dataDir);
        assertTrue(Files.isRegularFile(dataDir.resolve("snapshots").resolve(String.format("snapshot-%020d.bin", snapshotSeq))),
            "a snapshot at the journal's last sequence " + snapshotSeq);

        // 2. start from that snapshot, more traffic, then SIGKILL
        final ChildServer second = startChild();
        assertTrue(second.line("ringway: journal").contains("recovered from snapshot seq " + snapshotSeq + " + 0 commands"),
            second.output::toString);
        final Map<String, Object> startHealth = SystemTestSupport.health(http, second.httpAddress());
        assertEquals(snapshotSeq, longValue(startHealth, "recoveredFromSnapshotSeq"));
        assertEquals(0L, longValue(startHealth, "recoveredCommands"));
        final WsTestClient pub2 = connect(second.httpAddress(), "pub2");
        pub2.join(ROOM, "j");
        for (int i = 0; i < 10; i++)
        {
            assertEquals(++seq, publish(pub2, "b" + i));
        }
        final WsTestClient bob = connect(second.httpAddress(), "bob");
        sendDirect(bob, "y1", "yara", "kept after the snapshot");
        second.process.destroyForcibly(); // SIGKILL: no snapshot of this part
        second.awaitExit();
        if (System.getProperty("os.name").toLowerCase().contains("linux"))
        {
            assertEquals(128 + 9, second.process.exitValue(), "killed by SIGKILL");
        }
        final long lastSeq = lastJournaledSequence(dataDir);
        assertTrue(lastSeq > snapshotSeq + 10, "the second run journaled more: " + lastSeq);

        // 3. the check: a full replay, and the fast path, of the same journal
        final Map<String, String> full = SystemTestSupport.replay("--data-dir", dataDir.toString());
        assertEquals(Long.toString(lastSeq), full.get("last_seq"));
        assertEquals(Long.toString(lastSeq), full.get("commands"), "a full replay reads every record");
        final Map<String, String> fast = SystemTestSupport.replay("--data-dir", dataDir.toString(), "--from-snapshot");
        assertEquals(Long.toString(snapshotSeq), fast.get("from_snapshot_seq"));
        assertEquals(Long.toString(lastSeq - snapshotSeq), fast.get("commands"), "only the records after the snapshot");
        assertEquals(full.get("digest"), fast.get("digest"), "snapshot + tail = full replay");

        // 4. restart from the snapshot and the journal after it (in this JVM, to save a JVM start)
        restarted = RingwayServer.start(SystemTestSupport.engineConfig(dataDir).withSnapshots(SnapshotConfig.defaults()),
            SystemTestSupport.gatewayConfig());
        assertEquals(snapshotSeq, restarted.engine().recoverySnapshotSequence());
        assertEquals(lastSeq - snapshotSeq, restarted.engine().recovery().commands());
        assertEquals(lastSeq, restarted.engine().recovery().lastSequence());
        assertEquals(full.get("digest"), OutboundDigest.toHex(restarted.engine().recovery().digest()), "recovered digest = full replay's");
        final InetSocketAddress third = restarted.gateway().httpAddress();
        final Map<String, Object> health = SystemTestSupport.health(http, third);
        assertEquals(snapshotSeq, longValue(health, "recoveredFromSnapshotSeq"));
        assertEquals(lastSeq - snapshotSeq, longValue(health, "recoveredCommands"));
        final long healthSeq = longValue(health, "lastAppliedSeq"); // the new gateway's reset came after recovery
        final Map<String, String> atHealth = SystemTestSupport.replay("--data-dir", dataDir.toString(), "--to", Long.toString(healthSeq));
        assertEquals(atHealth.get("digest"), health.get("digest"), "/health's digest = a full replay of the same journal");

        // state intact: the room's seq carries on, its members are all there, kept messages arrive once
        final WsTestClient late = connect(third, "late");
        late.join(ROOM, "j");
        late.send("{\"type\":\"presence\",\"room\":\"" + ROOM + "\",\"id\":\"who\"}");
        final Map<String, Object> presence = late.await(json -> "who".equals(json.get("id")), "presence reply");
        final List<String> members = new ArrayList<>();
        for (final Object member : (List<?>)presence.get("members"))
        {
            members.add((String)map(member).get("user"));
        }
        assertEquals(List.of("pub0", "pub1", "ella", "pub2", "late"), members, "members in the order they joined");
        assertEquals(++seq, publish(late, "c0"), "room seq carries on");

        final WsTestClient zoe = connect(third, "zoe");
        final Map<String, Object> forZoe = zoe.awaitType("message");
        assertEquals("alice", forZoe.get("from"));
        assertEquals("kept before the snapshot", map(forZoe.get("data")).get("text"));
        final WsTestClient yara = connect(third, "yara");
        final Map<String, Object> forYara = yara.awaitType("message");
        assertEquals("bob", forYara.get("from"));
        assertEquals("kept after the snapshot", map(forYara.get("data")).get("text"));
    }
}
