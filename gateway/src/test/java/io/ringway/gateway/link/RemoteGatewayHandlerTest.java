package io.ringway.gateway.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkControl;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.link.EngineEventListener;
import io.ringway.gateway.NettyLeakDetectionExtension;
import io.ringway.gateway.RecordingEngineLink;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NettyLeakDetectionExtension.class)
class RemoteGatewayHandlerTest
{
    private static final int GATEWAY = 2;

    private final RecordingEngineLink engine = new RecordingEngineLink(GATEWAY);
    private final List<Integer> attachedIds = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final Set<Integer> attachedNow = new ConcurrentSkipListSet<>();
    private EngineEventListener listener;
    private boolean idInUse;
    private int eventRingBytes = 64 * 1024;
    private byte[] secret;
    private EmbeddedChannel channel;

    private final LinkServerLog recordingLog = new LinkServerLog()
    {
        @Override
        public void attached(final int gatewayId, final SocketAddress from)
        {
            log.add("attached " + gatewayId);
        }

        @Override
        public void detached(final int gatewayId, final String why)
        {
            log.add("detached " + gatewayId + ": " + why);
        }

        @Override
        public void refused(final int gatewayId, final SocketAddress from, final String reason)
        {
            log.add("refused: " + reason);
        }
    };

    private EmbeddedChannel channel()
    {
        if (channel == null)
        {
            channel = new EmbeddedChannel(new RemoteGatewayHandler((gatewayId, events) ->
            {
                if (idInUse)
                {
                    throw new IllegalStateException("gateway " + gatewayId + " is already attached");
                }
                attachedIds.add(gatewayId);
                listener = events;
                return engine;
            }, eventRingBytes, recordingLog, attachedNow, secret));
        }
        return channel;
    }

    @AfterEach
    void finish()
    {
        if (channel != null)
        {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void shouldAttachAndWelcomeWhenTheFirstFrameIsHello()
    {
        channel().writeInbound(hello(GATEWAY));

        assertEquals(List.of(GATEWAY), attachedIds);
        assertEquals(Set.of(GATEWAY), attachedNow, "listed in /health while attached");
        final byte[] welcome = readOutbound();
        assertEquals(LinkType.LINK_WELCOME, welcome[LinkHeader.TYPE_OFFSET]);
        assertEquals(GATEWAY, welcome[LinkHeader.GATEWAY_ID_OFFSET]);
        assertEquals(LinkControl.WELCOME_LENGTH, welcome.length);
        assertTrue(channel().isActive());
    }

    @Test
    void shouldAttachWhenTheHelloCarriesTheEnginesSecret()
    {
        secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        channel().writeInbound(hello(GATEWAY, secret));

        assertEquals(List.of(GATEWAY), attachedIds);
        assertEquals(LinkType.LINK_WELCOME, readOutbound()[LinkHeader.TYPE_OFFSET]);
    }

    @Test
    void shouldRefuseWhenTheHelloLacksTheSecretOrCarriesAnother()
    {
        secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        channel().writeInbound(hello(GATEWAY));
        assertEquals("this engine requires the link secret (--link-secret-file)", refusalReason());
        assertFalse(channel().isActive());
        channel().finishAndReleaseAll();

        channel = null;
        channel().writeInbound(hello(GATEWAY, "0123456789abcdef0123456789abcdeX".getBytes(StandardCharsets.UTF_8)));
        assertEquals("the link secret does not match the engine's", refusalReason());
        assertTrue(attachedIds.isEmpty());
    }

    @Test
    void shouldRefuseAndCloseWhenTheFirstFrameIsACommand()
    {
        channel().writeInbound(command(LinkType.SESSION_CLOSE, GATEWAY));

        assertTrue(refusalReason().contains("must be a LINK_HELLO, not SESSION_CLOSE"), log.toString());
        assertFalse(channel().isActive());
        assertTrue(attachedIds.isEmpty());
        assertTrue(engine.commands().isEmpty());
    }

    @Test
    void shouldRefuseWhenTheFirstFrameIsShorterThanAHeader()
    {
        final ByteBuf shortFrame = Unpooled.buffer();
        shortFrame.writeIntLE(8).writeIntLE(0); // a length field of 8: a frame, but no room for a header
        channel().writeInbound(shortFrame);

        assertEquals("a frame of 8 bytes is shorter than the 16-byte link header", refusalReason());
        assertFalse(channel().isActive());
    }

    @Test
    void shouldRefuseACommandLargerThanTheEngineTakes()
    {
        channel().writeInbound(hello(GATEWAY));
        readOutbound();
        final int length = RemoteGatewayHandler.MAX_COMMAND_BYTES + 1;
        final ByteBuf big = Unpooled.buffer(length);
        final ExpandableArrayBuffer header = new ExpandableArrayBuffer(LinkHeader.LENGTH);
        LinkHeader.write(header, 0, length, LinkType.PUBLISH, GATEWAY, 9L);
        big.writeBytes(header.byteArray(), 0, LinkHeader.LENGTH).writeZero(length - LinkHeader.LENGTH);
        channel().writeInbound(big);

        assertEquals("a frame of " + length + " bytes is longer than this end takes (" + RemoteGatewayHandler.MAX_COMMAND_BYTES + ")",
            refusalReason());
        assertEquals(List.of("GATEWAY_RESET"), engine.commands().stream().map(RecordingEngineLink.Command::typeName).toList());
    }

    @Test
    void shouldDropTheLinkWithItsReasonWhenAnEventIsLargerThanTheLinkTakes()
    {
        eventRingBytes = 1024; // its largest message: 128 bytes
        channel().writeInbound(hello(GATEWAY));
        readOutbound();
        listener.onEvent(new UnsafeBuffer(new byte[200]), 0, 200);
        channel().runPendingTasks();

        assertFalse(channel().isActive());
        assertTrue(log.contains("detached 2: an event of 200 bytes is larger than a link takes (128)"), log.toString());
    }

    @Test
    void shouldRefuseAConnectionThatSendsNoHelloInTime()
    {
        channel().writeInbound(heartbeat()); // heartbeats keep a link alive, but do not make a gateway
        channel().advanceTimeBy(RemoteGatewayHandler.HELLO_TIMEOUT_MS + 1, TimeUnit.MILLISECONDS);
        channel().runScheduledPendingTasks();

        assertEquals("no LINK_HELLO within " + RemoteGatewayHandler.HELLO_TIMEOUT_MS + " ms", refusalReason());
        assertFalse(channel().isActive());
    }

    @Test
    void shouldNameTheGatewayInTheRefusalWhenItsIdIsInUse()
    {
        idInUse = true;
        channel().writeInbound(hello(GATEWAY));

        final byte[] refused = readOutbound();
        assertEquals(GATEWAY, refused[LinkHeader.GATEWAY_ID_OFFSET]);
    }

    @Test
    void shouldRefuseWhenTheHelloNamesGatewayZero()
    {
        channel().writeInbound(hello(0));

        assertTrue(refusalReason().contains("gateway id 0 is not valid"));
        assertFalse(channel().isActive());
    }

    @Test
    void shouldRefuseWhenTheHelloSpeaksAnotherVersion()
    {
        final ByteBuf hello = hello(GATEWAY);
        hello.setByte(LinkHeader.VERSION_OFFSET, 9);
        channel().writeInbound(hello);

        assertTrue(refusalReason().contains("link version 9 is not supported"));
    }

    @Test
    void shouldRefuseWhenTheGatewayIdIsInUse()
    {
        idInUse = true;
        channel().writeInbound(hello(GATEWAY));

        assertEquals("gateway id 2 is in use by another gateway", refusalReason());
        assertFalse(channel().isActive());
    }

    @Test
    void shouldOfferEveryCommandWhenSeveralArriveInOneRead()
    {
        channel().writeInbound(hello(GATEWAY));
        readOutbound();
        final ByteBuf both = Unpooled.buffer();
        both.writeBytes(command(LinkType.SESSION_CLOSE, GATEWAY));
        both.writeBytes(join(GATEWAY, "lobby"));
        channel().writeInbound(both.retainedSlice(0, 5)); // a frame cut by TCP: nothing until the rest arrives
        assertTrue(engine.commands().isEmpty());
        channel().writeInbound(both.retainedSlice(5, both.readableBytes() - 5));
        both.release();

        assertEquals(List.of("SESSION_CLOSE", "JOIN"), engine.commands().stream().map(RecordingEngineLink.Command::typeName).toList());
        assertEquals("lobby", engine.commands().get(1).name());
    }

    @Test
    void shouldRefuseAndNotOfferWhenACommandNamesAnotherGateway()
    {
        channel().writeInbound(hello(GATEWAY));
        readOutbound();
        channel().writeInbound(command(LinkType.SESSION_CLOSE, 3));

        assertEquals("a command for gateway 3 on the link of gateway 2", refusalReason());
        assertFalse(channel().isActive());
        assertEquals(List.of("GATEWAY_RESET"), engine.commands().stream().map(RecordingEngineLink.Command::typeName).toList(),
            "nothing of gateway 3's reached the engine; gateway 2's link closed, so its sessions reset");
    }

    @Test
    void shouldRefuseWhenTheGatewaySendsAnEvent()
    {
        channel().writeInbound(hello(GATEWAY));
        readOutbound();
        final UnsafeBuffer ack = new UnsafeBuffer(new byte[64]);
        final int length = LinkEventEncoder.ack(ack, 0, GATEWAY, 5L, 1L, null, 0, 0);
        channel().writeInbound(Unpooled.wrappedBuffer(ack.byteArray(), 0, length));

        assertEquals("a gateway sends commands, not ACK", refusalReason());
    }

    @Test
    void shouldStopReadingAndRetryWhenTheEngineRingIsFull()
    {
        channel().writeInbound(hello(GATEWAY));
        readOutbound();
        engine.refuse(true);
        channel().writeInbound(join(GATEWAY, "lobby"));

        assertTrue(engine.commands().isEmpty());
        assertFalse(channel().config().isAutoRead(), "TCP holds the gateway back while the ring is full");

        engine.refuse(false);
        channel().advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel().runScheduledPendingTasks();

        assertEquals("JOIN", engine.single().typeName());
        assertTrue(channel().config().isAutoRead());
    }

    @Test
    void shouldCloseTheLinkAndResetTheGatewayWhenARetriedCommandFails()
    {
        channel().writeInbound(hello(GATEWAY));
        readOutbound();
        engine.refuse(true);
        channel().writeInbound(join(GATEWAY, "lobby"));
        assertFalse(channel().config().isAutoRead());

        engine.refuse(false);
        engine.failNextOffer(new OutOfMemoryError("no room to copy the command"));
        channel().advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel().runScheduledPendingTasks(); // the retry throws: reading is off, so only closing can end the link

        assertFalse(channel().isOpen(), "not left paused for good");
        assertTrue(log.contains("refused: link error: java.lang.OutOfMemoryError: no room to copy the command"), log.toString());
        assertEquals("GATEWAY_RESET", engine.single().typeName(), "its sessions reset, its id freed");
        assertTrue(attachedNow.isEmpty());
    }

    @Test
    void shouldRefuseAFirstFrameLongerThanAHelloCanBe()
    {
        final ByteBuf big = Unpooled.buffer(8).writeIntLE(RemoteGatewayHandler.MAX_HELLO_BYTES + 1).writeIntLE(0);
        channel().writeInbound(big);

        assertEquals("a frame of " + (RemoteGatewayHandler.MAX_HELLO_BYTES + 1) + " bytes is longer than this end takes ("
            + RemoteGatewayHandler.MAX_HELLO_BYTES + ")", refusalReason());
        assertFalse(channel().isActive(), "a stranger gets no megabyte of buffer before it has said HELLO");
    }

    @Test
    void shouldTellAnotherVersionSoEvenWhenTheEngineRequiresASecret()
    {
        secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        final ByteBuf hello = hello(GATEWAY);
        hello.setByte(LinkHeader.VERSION_OFFSET, 9);
        channel().writeInbound(hello);

        assertTrue(refusalReason().startsWith("link version 9 is not supported"), "not a secret that does not match");
    }

    @Test
    void shouldRefuseAGatewayThatSendsTheEnginesOwnSettingsCommand()
    {
        channel().writeInbound(hello(GATEWAY));
        readOutbound();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = io.ringway.engine.logic.LogicSettings.DEFAULTS.encodeCommand(buffer, 0);
        buffer.putShort(LinkHeader.GATEWAY_ID_OFFSET, (short)GATEWAY, java.nio.ByteOrder.LITTLE_ENDIAN); // its own id: still refused
        channel().writeInbound(Unpooled.wrappedBuffer(buffer.byteArray(), 0, length));

        assertEquals("a gateway cannot send ENGINE_SETTINGS (only the engine journals it)", refusalReason());
        assertTrue(engine.commands().stream().noneMatch(c -> c.type() == LinkType.ENGINE_SETTINGS), "nothing reached the ring");
    }

    @Test
    void shouldLogAConnectionThatFailsBeforeItSaysHello()
    {
        channel().pipeline().fireExceptionCaught(new java.io.IOException("Connection reset by peer"));

        assertEquals(List.of("refused: before LINK_HELLO, the link failed: Connection reset by peer"), log);
        assertFalse(channel().isOpen());
    }

    @Test
    void shouldWriteEngineEventsToTheGatewayWhenAttached()
    {
        channel().writeInbound(hello(GATEWAY));
        readOutbound();
        final UnsafeBuffer ack = new UnsafeBuffer(new byte[64]);
        final int length = LinkEventEncoder.ack(ack, 0, GATEWAY, 5L, 7L, null, 0, 0);
        listener.onEvent(ack, 0, length);
        listener.onEvent(ack, 0, length);
        channel().runPendingTasks();

        final byte[] written = readOutbound();
        final byte[] expected = new byte[2 * length];
        ack.getBytes(0, expected, 0, length);
        ack.getBytes(0, expected, length, length);
        assertArrayEquals(expected, written, "both events, in order, in one write");
    }

    @Test
    void shouldResetTheGatewayAndDetachWhenTheLinkCloses()
    {
        channel().writeInbound(hello(GATEWAY));
        readOutbound();
        channel().close();

        final RecordingEngineLink.Command reset = engine.single();
        assertEquals(LinkType.GATEWAY_RESET, reset.type());
        assertEquals(GATEWAY, reset.gatewayId());
        assertTrue(engine.isClosed(), "the gateway id is free again");
        assertTrue(attachedNow.isEmpty());
        assertTrue(log.contains("detached 2: the link closed"), log.toString());
    }

    @Test
    void shouldRetryTheResetWhenTheRingIsFullAsTheLinkCloses()
    {
        channel().writeInbound(hello(GATEWAY));
        readOutbound();
        engine.refuse(true);
        // The event a close fires, without EmbeddedChannel's close, which also cancels the loop's scheduled tasks.
        channel().pipeline().fireChannelInactive();
        assertFalse(engine.isClosed(), "the id stays taken until the reset is on the ring");
        assertEquals(Set.of(GATEWAY), attachedNow);

        engine.refuse(false);
        channel().advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel().runScheduledPendingTasks();

        assertEquals(LinkType.GATEWAY_RESET, engine.single().type());
        assertTrue(engine.isClosed());
    }

    @Test
    void shouldDropTheLinkWhenTheGatewayFallsBehindTheEvents()
    {
        eventRingBytes = 1024;
        channel().writeInbound(hello(GATEWAY));
        readOutbound();
        final UnsafeBuffer ack = new UnsafeBuffer(new byte[64]);
        final int length = LinkEventEncoder.ack(ack, 0, GATEWAY, 5L, 7L, null, 0, 0);
        for (int i = 0; i < 1024 / length + 1; i++)
        {
            listener.onEvent(ack, 0, length); // the drain never runs: the events pile up in the writer's ring
        }
        channel().runPendingTasks();

        assertFalse(channel().isActive());
        assertEquals(LinkType.GATEWAY_RESET, engine.single().type());
        assertTrue(log.stream().anyMatch(line -> line.startsWith("detached 2: it fell")), log.toString());
    }

    private String refusalReason()
    {
        final byte[] refused = readOutbound();
        assertEquals(LinkType.LINK_REFUSED, refused[LinkHeader.TYPE_OFFSET]);
        return LinkControl.reason(new UnsafeBuffer(refused), 0, refused.length);
    }

    private byte[] readOutbound()
    {
        final ByteBuf out = channel().readOutbound();
        if (out == null)
        {
            return null;
        }
        final byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }

    private static ByteBuf hello(final int gatewayId)
    {
        return hello(gatewayId, new byte[0]);
    }

    private static ByteBuf hello(final int gatewayId, final byte[] secret)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[LinkControl.HELLO_LENGTH + 2 + secret.length]);
        return Unpooled.wrappedBuffer(buffer.byteArray(), 0, LinkControl.hello(buffer, 0, gatewayId, secret));
    }

    private static ByteBuf heartbeat()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[LinkControl.HEARTBEAT_LENGTH]);
        return Unpooled.wrappedBuffer(buffer.byteArray(), 0, LinkControl.heartbeat(buffer, 0, GATEWAY));
    }

    private static ByteBuf command(final int type, final int gatewayId)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        return Unpooled.wrappedBuffer(buffer.byteArray(), 0, LinkCommandEncoder.encodeEmpty(buffer, 0, type, gatewayId, 9L));
    }

    private static ByteBuf join(final int gatewayId, final String room)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final UnsafeBuffer name = new UnsafeBuffer(room.getBytes(StandardCharsets.UTF_8));
        final int length = LinkCommandEncoder.encode(buffer, 0, LinkType.JOIN, gatewayId, 9L, null, 0, 0, name, 0, name.capacity(), null, 0, 0);
        return Unpooled.wrappedBuffer(buffer.byteArray(), 0, length);
    }
}
