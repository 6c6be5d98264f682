package io.ringway.gateway.cli;

import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.gateway.it.Json;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code ringway journal dump} renders the group commands in both formats. */
class GroupJournalDumpTest
{
    private static final long ALICE = 1L << 20 | 1;

    @TempDir
    Path dataDir;

    private static UnsafeBuffer utf8(final String s)
    {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] createGroup()
    {
        final ExpandableArrayBuffer members = new ExpandableArrayBuffer(32);
        int length = LinkCommandEncoder.putMember(members, 0, utf8("bob"), 0, 3);
        length = LinkCommandEncoder.putMember(members, length, utf8("carol,jr"), 0, 8);
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        final int frame = LinkCommandEncoder.encodeCreateGroup(out, 0, 1, ALICE, utf8("\"1\""), 0, 3, utf8("team-a"), 0, 6,
            utf8("Team A"), 0, 6, members, 0, length, 2);
        return Arrays.copyOf(out.byteArray(), frame);
    }

    private static byte[] memberChange(final int type, final String user, final int role)
    {
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        final UnsafeBuffer name = utf8(user);
        final int frame = LinkCommandEncoder.encodeMemberChange(out, 0, type, 1, ALICE, null, 0, 0, utf8("team-a"), 0, 6,
            name, 0, name.capacity(), role);
        return Arrays.copyOf(out.byteArray(), frame);
    }

    private void writeJournal()
    {
        new JournalFixture()
            .sessionOpen(1, ALICE, "alice")
            .raw(createGroup())
            .raw(memberChange(LinkType.ADD_MEMBER, "dave", LinkCommandEncoder.ROLE_ADMIN))
            .raw(memberChange(LinkType.REMOVE_MEMBER, "bob", 0))
            .raw(JournalFixture.encode(LinkType.OPEN_PRIVATE, 1, ALICE, "\"4\"", "bob", null))
            .writeTo(dataDir);
    }

    @Test
    void shouldShowTitleMembersUserAndRoleWhenTheCommandsAreGroupCommandsInText()
    {
        writeJournal();

        final CliRunner.Result result = CliRunner.run("journal", "dump", "--data-dir", dataDir.toString(), "--from", "2");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of(
            "seq=2 ts=2023-11-14T22:13:22.002Z ts_ms=1700000002002 CREATE_GROUP gateway=1 session=1048577 corr_id=\"1\" room=team-a " +
                "title=\"Team A\" members=[\"bob\",\"carol,jr\"]",
            "seq=3 ts=2023-11-14T22:13:23.003Z ts_ms=1700000003003 ADD_MEMBER gateway=1 session=1048577 room=team-a user=dave role=admin",
            "seq=4 ts=2023-11-14T22:13:24.004Z ts_ms=1700000004004 REMOVE_MEMBER gateway=1 session=1048577 room=team-a user=bob",
            "seq=5 ts=2023-11-14T22:13:25.005Z ts_ms=1700000005005 OPEN_PRIVATE gateway=1 session=1048577 corr_id=\"4\" with=bob"),
            result.outLines());
    }

    @Test
    void shouldShowTitleMembersUserAndRoleWhenTheCommandsAreGroupCommandsInJson()
    {
        writeJournal();

        final CliRunner.Result result = CliRunner.run("journal", "dump", "--data-dir", dataDir.toString(), "--from", "2", "--format", "json");

        assertEquals(0, result.exitCode(), result::toString);
        final List<String> lines = result.outLines();
        final Map<String, Object> create = Json.object(lines.get(0));
        assertEquals("CREATE_GROUP", create.get("type"));
        assertEquals("team-a", create.get("room"));
        assertEquals("Team A", create.get("title"));
        assertEquals(List.of("bob", "carol,jr"), create.get("members"));
        final Map<String, Object> add = Json.object(lines.get(1));
        assertEquals("dave", add.get("user"));
        assertEquals("admin", add.get("role"));
        final Map<String, Object> remove = Json.object(lines.get(2));
        assertEquals("bob", remove.get("user"));
        assertEquals(null, remove.get("role"));
        assertEquals("bob", Json.object(lines.get(3)).get("with"));
    }
}
