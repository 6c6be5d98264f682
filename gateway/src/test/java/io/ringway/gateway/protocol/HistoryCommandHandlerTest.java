package io.ringway.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.link.EngineLink;
import io.ringway.gateway.NettyLeakDetectionExtension;
import io.ringway.gateway.TestFrames;
import io.ringway.gateway.session.GatewaySession;
import io.ringway.gateway.session.SessionRegistry;
import io.ringway.gateway.session.WireFormat;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history commands and fields become the right link commands: EDIT, DELETE, HISTORY, JOIN_RESUME, PUBLISH_ONCE. */
@ExtendWith(NettyLeakDetectionExtension.class)
class HistoryCommandHandlerTest
{
    /** Keeps every offered command's bytes, for {@link LinkCommandDecoder}. */
    private static final class RawLink implements EngineLink
    {
        final List<byte[]> commands = new ArrayList<>();

        @Override
        public int gatewayId()
        {
            return 3;
        }

        @Override
        public boolean offer(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            commands.add(bytes);
            return true;
        }

        @Override
        public void close()
        {
        }
    }

    private final RawLink link = new RawLink();
    private final ClientCommandHandler handler = new ClientCommandHandler(link);
    private final SessionRegistry registry = new SessionRegistry(4, 64, 64, 64);
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private GatewaySession session;

    @AfterEach
    void tearDown()
    {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private LinkCommandDecoder offered(final String json)
    {
        if (session == null)
        {
            final EmbeddedChannel channel = new EmbeddedChannel();
            channels.add(channel);
            session = registry.register(channel, WireFormat.WEBSOCKET_JSON);
            session.open();
            assertTrue(handler.openSession(session, "alice"));
        }
        link.commands.clear();
        final ByteBuf content = TestFrames.buf(json);
        try
        {
            handler.onJson(session, content);
        }
        finally
        {
            content.release();
        }
        assertEquals(1, link.commands.size(), json);
        final LinkCommandDecoder decoder = new LinkCommandDecoder();
        final byte[] bytes = link.commands.get(0);
        assertTrue(decoder.wrap(new UnsafeBuffer(bytes), 0, bytes.length), json);
        assertEquals(session.id(), decoder.sessionId());
        assertEquals("lobby", decoder.name());
        return decoder;
    }

    @Test
    void shouldOfferEditAndDeleteWithTheTargetSeq()
    {
        LinkCommandDecoder command = offered("{\"type\":\"edit\",\"room\":\"lobby\",\"seq\":17,\"id\":\"e\",\"data\":{\"t\":1}}");
        assertEquals(LinkType.EDIT, command.type());
        assertEquals(17, command.seq());
        assertEquals("{\"t\":1}", command.data());
        assertEquals("\"e\"", command.corrId());

        command = offered("{\"type\":\"delete\",\"room\":\"lobby\",\"seq\":18}");
        assertEquals(LinkType.DELETE, command.type());
        assertEquals(18, command.seq());
    }

    @Test
    void shouldOfferHistoryWithAnchorLimitAndMode()
    {
        final LinkCommandDecoder command = offered("{\"type\":\"history\",\"room\":\"lobby\",\"after\":5,\"limit\":20,\"order\":\"newest\"}");
        assertEquals(LinkType.HISTORY, command.type());
        assertEquals(5, command.seq());
        assertEquals(20, command.limit());
        assertEquals(LinkCommandEncoder.HISTORY_AFTER, command.mode());
    }

    @Test
    void shouldOfferJoinResumeOnlyWhenTheJoinGivesSinceOrLast()
    {
        assertEquals(LinkType.JOIN, offered("{\"type\":\"join\",\"room\":\"lobby\"}").type());
        LinkCommandDecoder command = offered("{\"type\":\"join\",\"room\":\"lobby\",\"since\":9,\"epoch\":77}");
        assertEquals(LinkType.JOIN_RESUME, command.type());
        assertEquals(9, command.seq());
        assertEquals(77, command.epoch());
        command = offered("{\"type\":\"join\",\"room\":\"lobby\",\"last\":30}");
        assertEquals(LinkType.JOIN_RESUME, command.type());
        assertEquals(-1, command.seq());
        assertEquals(30, command.limit());
    }

    @Test
    void shouldOfferPublishOnceOnlyWhenThePublishCarriesAClientMessageId()
    {
        assertEquals(LinkType.PUBLISH, offered("{\"type\":\"publish\",\"room\":\"lobby\",\"data\":1}").type());
        final LinkCommandDecoder command = offered("{\"type\":\"publish\",\"room\":\"lobby\",\"client_msg_id\":\"c-9\",\"data\":1}");
        assertEquals(LinkType.PUBLISH_ONCE, command.type());
        assertEquals("c-9", command.clientMsgId());
        assertEquals("1", command.data());
    }
}
