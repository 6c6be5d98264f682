package io.ringway.gateway.it;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.ringway.gateway.it.Json.longValue;
import static io.ringway.gateway.it.Json.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resume across a crash: the server runs as a child process, is killed with SIGKILL, and is started
 * again on the same data directory. A client that had read part of a room joins again with
 * {@code since} and the room's epoch and gets the rest, edits and tombstones included, then the live
 * messages: no gap, no duplicate, in order. The room's messages, seqs and epoch come back from the journal.
 */
class HistoryCrashRecoverySystemTest extends ChildServerSystemTest
{
    private static final String ROOM = "after-crash";
    private static final int BEFORE_CRASH = 30;
    /** The subscriber has handled up to here when the server dies. */
    private static final int HANDLED = 20;

    /** A child-process server keeping 100 messages per room; waits until it is ready. @return its HTTP address */
    private InetSocketAddress startChild()
    {
        return startChild("--history-per-room", "100").httpAddress();
    }

    private WsTestClient connect(final InetSocketAddress address, final String user)
    {
        final WsTestClient client = WsTestClient.connect(http, WsTestClient.uri(address, "client_id=" + user));
        clients.add(client);
        return client;
    }

    @Test
    void shouldResumeFromSinceWithoutGapOrDuplicateWhenTheServerWasKilledAndRestarted() throws Exception
    {
        final InetSocketAddress firstAddress = startChild();
        final WsTestClient alice = connect(firstAddress, "alice");
        final WsTestClient bob = connect(firstAddress, "bob");
        alice.join(ROOM, "a");
        bob.send("{\"type\":\"join\",\"room\":\"" + ROOM + "\",\"id\":\"b\",\"since\":0}");
        final long epoch = longValue(bob.awaitReply("b"), "epoch");
        for (int i = 1; i <= BEFORE_CRASH; i++)
        {
            alice.send("{\"type\":\"publish\",\"room\":\"" + ROOM + "\",\"id\":\"p" + i + "\",\"data\":{\"i\":" + i + "}}");
        }
        assertEquals(BEFORE_CRASH, longValue(alice.awaitReply("p" + BEFORE_CRASH), "seq"));
        alice.send("{\"type\":\"edit\",\"room\":\"" + ROOM + "\",\"seq\":25,\"id\":\"e\",\"data\":{\"i\":\"25 edited\"}}");
        alice.send("{\"type\":\"delete\",\"room\":\"" + ROOM + "\",\"seq\":26,\"id\":\"d\"}");
        assertEquals("ack", alice.awaitReply("d").get("type"));
        for (int i = 1; i <= HANDLED; i++)
        {
            assertEquals(i, longValue(bob.awaitType("message"), "seq"));
        }

        final Process first = children.get(0).process;
        first.destroyForcibly(); // SIGKILL on Linux
        assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the killed server did not exit");
        assertNotEquals(0, first.exitValue());
        alice.awaitClose();
        bob.awaitClose();

        final InetSocketAddress second = startChild();
        final WsTestClient bobAgain = connect(second, "bob");
        bobAgain.send("{\"type\":\"join\",\"room\":\"" + ROOM + "\",\"id\":\"x\",\"since\":" + HANDLED + ",\"epoch\":" + (epoch + 1) + "}");
        final Map<String, Object> mismatch = bobAgain.awaitReply("x");
        assertEquals(Boolean.FALSE, mismatch.get("recovered"), mismatch::toString);
        assertEquals("epoch_mismatch", mismatch.get("reason"));
        assertEquals(epoch, longValue(mismatch, "epoch"), "the epoch comes back from the journal");

        bobAgain.send("{\"type\":\"join\",\"room\":\"" + ROOM + "\",\"id\":\"r\",\"since\":" + HANDLED + ",\"epoch\":" + epoch + "}");
        final Map<String, Object> resumed = bobAgain.awaitReply("r");
        assertEquals(Boolean.TRUE, resumed.get("recovered"), resumed::toString);
        assertEquals(BEFORE_CRASH, longValue(resumed, "seq"));

        final WsTestClient aliceAgain = connect(second, "alice");
        aliceAgain.join(ROOM, "a2");
        for (int i = BEFORE_CRASH + 1; i <= BEFORE_CRASH + 3; i++)
        {
            aliceAgain.send("{\"type\":\"publish\",\"room\":\"" + ROOM + "\",\"id\":\"q" + i + "\",\"data\":{\"i\":" + i + "}}");
            assertEquals(i, longValue(aliceAgain.awaitReply("q" + i), "seq"), "seqs carry on after the restart");
        }
        final List<Map<String, Object>> seen = new ArrayList<>();
        while (seen.size() < BEFORE_CRASH + 3 - HANDLED)
        {
            seen.add(bobAgain.awaitType("message"));
        }
        for (int k = 0; k < seen.size(); k++)
        {
            final Map<String, Object> message = seen.get(k);
            final long seq = HANDLED + 1 + k;
            assertEquals(seq, longValue(message, "seq"), () -> "every seq once, in order: " + seen);
            if (seq == 25)
            {
                assertEquals("25 edited", map(message.get("data")).get("i"));
                assertTrue(message.containsKey("edited_ts"), message::toString);
            }
            else if (seq == 26)
            {
                assertEquals(Boolean.TRUE, message.get("deleted"), message::toString);
                assertFalse(message.containsKey("data"));
            }
            else
            {
                assertEquals(seq, longValue(map(message.get("data")), "i"));
            }
        }
    }
}
