package io.ringway.codec.json;

import io.ringway.codec.ErrorCode;
import io.ringway.codec.frame.FrameType;
import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkType;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ClientCommandParser} on create_group, add_member, remove_member and private, JSON and binary frame payloads. */
class GroupCommandParserTest
{
    private final ClientCommandParser parser = new ClientCommandParser();

    private ClientCommand parse(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return parser.parseJson(bytes, 0, bytes.length);
    }

    private ClientCommand parseFrame(final int type, final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return parser.parseFramePayload(type, bytes, 0, bytes.length);
    }

    private static void assertValid(final ClientCommand command, final ClientCommand.Kind kind)
    {
        assertTrue(command.isValid(), () -> "expected valid, got " + command.error() + ": " + command.errorMessage());
        assertEquals(kind, command.kind());
    }

    private static void assertBadRequest(final ClientCommand command, final String messagePart)
    {
        assertFalse(command.isValid(), "expected bad_request");
        assertEquals(ErrorCode.BAD_REQUEST, command.error(), command::errorMessage);
        assertTrue(command.errorMessage().contains(messagePart), command::errorMessage);
    }

    @Test
    void shouldReadRoomTitleAndMembersWhenCreateGroupIsValid()
    {
        final ClientCommand command = parse(
            "{\"type\":\"create_group\",\"room\":\"team-a\",\"title\":\"Team \\\"A\\\"\",\"members\":[\"bob\",\"carol\"],\"id\":\"1\"}");

        assertValid(command, ClientCommand.Kind.CREATE_GROUP);
        assertEquals("team-a", command.name());
        assertEquals("Team \"A\"", command.title());
        assertEquals(List.of("bob", "carol"), command.members());
        assertEquals("\"1\"", command.corrId());
    }

    @Test
    void shouldGiveMembersInTheLinkLayoutSoTheyEncodeAsIsWhenCreateGroupIsParsed()
    {
        final ClientCommand command = parse("{\"type\":\"create_group\",\"room\":\"g\",\"members\":[\"b\\u00e9\",\"c\"]}");
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        final int length = LinkCommandEncoder.encodeCreateGroup(out, 0, 1, 2,
            command.fields(), command.corrIdOffset(), command.corrIdLength(), command.fields(), command.nameOffset(), command.nameLength(),
            command.fields(), command.titleOffset(), command.titleLength(),
            command.fields(), command.membersOffset(), command.membersLength(), command.memberCount());

        final LinkCommandDecoder decoder = new LinkCommandDecoder();
        assertTrue(decoder.wrap(out, 0, length));
        assertEquals(2, decoder.memberCount());
        assertEquals("bé", out.getStringWithoutLengthUtf8(decoder.membersOffset() + 2, decoder.memberLength(decoder.membersOffset())));
        assertEquals("", decoder.title());
    }

    @Test
    void shouldAcceptCreateGroupWithoutTitleOrMembers()
    {
        final ClientCommand command = parse("{\"type\":\"create_group\",\"room\":\"solo\"}");

        assertValid(command, ClientCommand.Kind.CREATE_GROUP);
        assertEquals(0, command.titleLength());
        assertEquals(0, command.memberCount());
    }

    @Test
    void shouldReplyBadRequestWhenCreateGroupIsIllFormed()
    {
        assertBadRequest(parse("{\"type\":\"create_group\",\"title\":\"x\"}"), "room");
        assertBadRequest(parse("{\"type\":\"create_group\",\"room\":\"g\",\"members\":\"bob\"}"), "members");
        assertBadRequest(parse("{\"type\":\"create_group\",\"room\":\"g\",\"members\":[\"bob\",7]}"), "members");
        assertBadRequest(parse("{\"type\":\"create_group\",\"room\":\"g\",\"members\":[\"\"]}"), "member");
        assertBadRequest(parse("{\"type\":\"create_group\",\"room\":\"g\",\"members\":[\"" + "x".repeat(129) + "\"]}"), "member");
        assertBadRequest(parse("{\"type\":\"create_group\",\"room\":\"g\",\"title\":5}"), "title");
        assertBadRequest(parse("{\"type\":\"create_group\",\"room\":\"g\",\"title\":\"" + "t".repeat(257) + "\"}"), "title");
        assertBadRequest(parse("{\"type\":\"create_group\",\"room\":\"g\",\"members\":[\"a\""), "JSON");
    }

    @Test
    void shouldReadRoomUserAndRoleWhenAddMemberIsValid()
    {
        ClientCommand command = parse("{\"type\":\"add_member\",\"room\":\"team-a\",\"user\":\"dave\",\"role\":\"admin\",\"id\":2}");
        assertValid(command, ClientCommand.Kind.ADD_MEMBER);
        assertEquals("team-a", command.name());
        assertEquals("dave", command.user());
        assertEquals(LinkCommandEncoder.ROLE_ADMIN, command.role());
        assertEquals("2", command.corrId());

        command = parse("{\"type\":\"add_member\",\"room\":\"team-a\",\"user\":\"erin\"}");
        assertValid(command, ClientCommand.Kind.ADD_MEMBER);
        assertEquals(LinkCommandEncoder.ROLE_MEMBER, command.role(), "member by default");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"add_member\",\"room\":\"team-a\"}",
        "{\"type\":\"add_member\",\"user\":\"dave\"}",
        "{\"type\":\"add_member\",\"room\":\"team-a\",\"user\":\"dave\",\"role\":\"owner\"}",
        "{\"type\":\"add_member\",\"room\":\"team-a\",\"user\":\"dave\",\"role\":1}",
        "{\"type\":\"add_member\",\"room\":\"team-a\",\"user\":7}",
        "{\"type\":\"remove_member\",\"room\":\"team-a\"}",
        "{\"type\":\"remove_member\",\"room\":\"team-a\",\"user\":\"\"}",
        "{\"type\":\"private\"}",
        "{\"type\":\"private\",\"user\":\"\"}",
    })
    void shouldReplyBadRequestWhenAMemberCommandMissesOrMangledAField(final String json)
    {
        final ClientCommand command = parse(json);
        assertFalse(command.isValid(), json);
        assertEquals(ErrorCode.BAD_REQUEST, command.error(), command::errorMessage);
    }

    @Test
    void shouldReadRoomAndUserWhenRemoveMemberIsValid()
    {
        final ClientCommand command = parse("{\"type\":\"remove_member\",\"room\":\"team-a\",\"user\":\"bob\",\"id\":\"3\"}");

        assertValid(command, ClientCommand.Kind.REMOVE_MEMBER);
        assertEquals("team-a", command.name());
        assertEquals("bob", command.user());
    }

    @Test
    void shouldPutTheOtherUserInTheNameWhenPrivateIsValid()
    {
        final ClientCommand command = parse("{\"type\":\"private\",\"user\":\"bob\",\"id\":\"4\"}");

        assertValid(command, ClientCommand.Kind.PRIVATE);
        assertEquals("bob", command.name());
    }

    @Test
    void shouldAcceptAPrivateRoomIdLongerThanARoomNameButNotAnOrdinaryNameThatLong()
    {
        final String longId = "dm:128:" + "a".repeat(128) + "b".repeat(128);
        assertValid(parse("{\"type\":\"join\",\"room\":\"" + longId + "\"}"), ClientCommand.Kind.JOIN);
        assertValid(parse("{\"type\":\"publish\",\"room\":\"" + longId + "\",\"data\":1}"), ClientCommand.Kind.PUBLISH);
        assertBadRequest(parse("{\"type\":\"join\",\"room\":\"" + "r".repeat(129) + "\"}"), "room");
        assertBadRequest(parse("{\"type\":\"join\",\"room\":\"" + longId + "c" + "\"}"), "room");
    }

    @Test
    void shouldParseTheGroupFrameTypesLikeTheirJsonCommands()
    {
        assertValid(parseFrame(FrameType.CREATE_GROUP, "{\"room\":\"g\",\"members\":[\"b\"]}"), ClientCommand.Kind.CREATE_GROUP);
        assertValid(parseFrame(FrameType.ADD_MEMBER, "{\"room\":\"g\",\"user\":\"c\"}"), ClientCommand.Kind.ADD_MEMBER);
        assertValid(parseFrame(FrameType.REMOVE_MEMBER, "{\"room\":\"g\",\"user\":\"c\"}"), ClientCommand.Kind.REMOVE_MEMBER);
        final ClientCommand command = parseFrame(FrameType.PRIVATE, "{\"user\":\"bob\"}");
        assertValid(command, ClientCommand.Kind.PRIVATE);
        assertEquals("bob", command.name());
        assertEquals(LinkType.OPEN_PRIVATE, 0x0D);
    }

    @Test
    void shouldStillParseTheNextCommandCleanlyAfterABadMemberList()
    {
        assertFalse(parse("{\"type\":\"create_group\",\"room\":\"g\",\"members\":[{\"x\":1}]}").isValid());
        final ClientCommand next = parse("{\"type\":\"remove_member\",\"room\":\"g\",\"user\":\"b\"}");
        assertValid(next, ClientCommand.Kind.REMOVE_MEMBER);
        assertEquals(0, next.memberCount());
    }
}
