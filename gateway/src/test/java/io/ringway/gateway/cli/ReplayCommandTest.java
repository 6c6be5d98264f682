package io.ringway.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayCommandTest
{
    private static final long ALICE = 1L << 20 | 1;
    private static final long BOB = 2L << 20 | 1;
    private static final long CAROL = 3L << 20 | 1;
    private static final long OLGA = 4L << 20 | 1;
    /** The last command of the first act: lobby has alice and bob, one message; olga has a kept message. */
    private static final String MIDDLE = "6";

    @TempDir
    Path dataDir;

    private void writeTwoActs()
    {
        new JournalFixture()
            .sessionOpen(1, ALICE, "alice")
            .sessionOpen(1, BOB, "bob")
            .join(1, ALICE, "\"1\"", "lobby")
            .join(1, BOB, "\"2\"", "lobby")
            .publish(1, ALICE, "\"3\"", "lobby", "\"one\"")
            .direct(1, BOB, "\"4\"", "olga", "\"kept\"")
            // seq 7 on: bob leaves, carol joins, two more messages, olga connects (and gets her message) and joins games
            .leave(1, BOB, "\"5\"", "lobby")
            .sessionOpen(1, CAROL, "carol")
            .join(1, CAROL, "\"6\"", "lobby")
            .publish(1, CAROL, "\"7\"", "lobby", "\"two\"")
            .publish(1, ALICE, "\"8\"", "lobby", "\"three\"")
            .sessionOpen(1, OLGA, "olga")
            .join(1, OLGA, "\"9\"", "games")
            .writeTo(dataDir);
    }

    private CliRunner.Result replay(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("replay", "--data-dir", dataDir.toString()));
        command.addAll(Arrays.asList(args));
        final CliRunner.Result result = CliRunner.run(command.toArray(new String[0]));
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    /** The lines after the four replay lines (commands, last_seq, digest, elapsed_s). */
    private static List<String> stateLines(final CliRunner.Result result)
    {
        final List<String> lines = result.outLines();
        return lines.subList(4, lines.size());
    }

    @Test
    void shouldPrintTheRoomAsItWasAtToWhenItChangedAfterwards()
    {
        writeTwoActs();

        assertEquals(List.of(
            "room lobby: 2 members, last message seq 1, next seq 2",
            "  member alice: session 1048577 on gateway 1",
            "  member bob: session 2097153 on gateway 1"),
            stateLines(replay("--to", MIDDLE, "--room", "lobby")));

        assertEquals(List.of(
            "room lobby: 2 members, last message seq 3, next seq 4",
            "  member alice: session 1048577 on gateway 1",
            "  member carol: session 3145729 on gateway 1"),
            stateLines(replay("--room", "lobby")));
    }

    @Test
    void shouldPrintTheUserAsItWasAtToWhenItChangedAfterwards()
    {
        writeTwoActs();

        assertEquals(List.of(
            "user olga: 0 sessions, no rooms; 1 pending direct message",
            "user alice: 1 session, rooms lobby; 0 pending direct messages",
            "  session 1048577 on gateway 1: rooms lobby"),
            stateLines(replay("--to", MIDDLE, "--user", "olga", "--user", "alice")));

        assertEquals(List.of(
            "user olga: 1 session, rooms games; 0 pending direct messages",
            "  session 4194305 on gateway 1: rooms games"),
            stateLines(replay("--user", "olga")));
    }

    @Test
    void shouldPrintRoomsThenUsersWhenBothAreAsked()
    {
        writeTwoActs();

        final List<String> lines = stateLines(replay("--to", "2", "--user", "bob", "--room", "lobby"));

        assertEquals(List.of(
            "room lobby: no such room at seq 2",
            "user bob: 1 session, no rooms; 0 pending direct messages",
            "  session 2097153 on gateway 1: no rooms"), lines);
    }

    @Test
    void shouldSaySoAndExitZeroWhenRoomOrUserIsUnknown()
    {
        writeTwoActs();

        final CliRunner.Result result = replay("--room", "nowhere", "--user", "nobody");

        assertEquals(List.of(
            "room nowhere: no such room at seq 13",
            "user nobody: unknown at seq 13 (no open session, no pending direct message)"), stateLines(result));
    }

    @Test
    void shouldKeepTheReplayLinesAndDigestUnchangedWhenStateIsAsked()
    {
        writeTwoActs();

        final List<String> plain = replay("--to", MIDDLE).outLines();
        final List<String> withState = replay("--to", MIDDLE, "--room", "lobby", "--user", "olga").outLines();

        assertEquals(4, plain.size(), plain::toString);
        assertEquals(List.of("commands: 6", "last_seq: 6"), plain.subList(0, 2));
        assertTrue(plain.get(2).matches("digest: [0-9a-f]{16}"), plain.get(2));
        assertTrue(plain.get(3).startsWith("elapsed_s: "), plain.get(3));
        assertEquals(plain.subList(0, 3), withState.subList(0, 3), "commands, last_seq and digest do not depend on --room/--user");
        assertTrue(withState.get(3).startsWith("elapsed_s: "), withState.get(3));
        assertNotEquals(plain.get(2), replay().outLines().get(2), "the middle and the end differ");
    }

    @Test
    void shouldExitTwoWhenThereIsNoJournal()
    {
        final CliRunner.Result result = CliRunner.run("replay", "--data-dir", dataDir.toString(), "--room", "lobby");

        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("ringway replay: no journal at "), result::toString);
    }
}
