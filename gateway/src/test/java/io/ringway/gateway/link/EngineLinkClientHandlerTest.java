package io.ringway.gateway.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkControl;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import io.ringway.gateway.NettyLeakDetectionExtension;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NettyLeakDetectionExtension.class)
class EngineLinkClientHandlerTest
{
    private final List<Integer> eventTypes = new ArrayList<>();
    private final CompletableFuture<Void> welcomed = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new EngineLinkClientHandler(
        (buffer, offset, length) -> eventTypes.add(LinkHeader.type(buffer, offset)), welcomed, closed, () -> null));

    @AfterEach
    void finish()
    {
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldPassEventsToTheDispatcherWhenWelcomed()
    {
        channel.writeInbound(welcome());
        assertTrue(welcomed.isDone() && !welcomed.isCompletedExceptionally());

        final ByteBuf two = Unpooled.buffer();
        two.writeBytes(ack());
        two.writeBytes(ack());
        channel.writeInbound(two);

        assertEquals(List.of(LinkType.ACK, LinkType.ACK), eventTypes);
        assertTrue(channel.isActive());
    }

    @Test
    void shouldFailTheConnectWithTheEnginesReasonWhenRefused()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final int length = LinkControl.refused(buffer, 0, 2, "gateway id 2 is in use by another gateway");
        channel.writeInbound(Unpooled.wrappedBuffer(buffer.byteArray(), 0, length));

        final ExecutionException refused = assertThrows(ExecutionException.class, welcomed::get);
        assertEquals("gateway id 2 is in use by another gateway", refused.getCause().getMessage());
        assertFalse(channel.isActive());
        assertEquals("gateway id 2 is in use by another gateway", closed.join());
    }

    @Test
    void shouldCloseTheLinkWhenTheEngineAnswersHelloWithAnEvent()
    {
        channel.writeInbound(ack());

        assertThrows(ExecutionException.class, welcomed::get);
        assertEquals("the engine answered HELLO with ACK", closed.join());
        assertTrue(eventTypes.isEmpty(), "nothing reaches the dispatcher before WELCOME");
    }

    @Test
    void shouldCloseTheLinkWhenTheEngineSendsACommand()
    {
        channel.writeInbound(welcome());
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        channel.writeInbound(Unpooled.wrappedBuffer(buffer.byteArray(), 0,
            LinkCommandEncoder.encodeEmpty(buffer, 0, LinkType.SESSION_CLOSE, 2, 1L)));

        assertFalse(channel.isActive());
        assertEquals("the engine sent SESSION_CLOSE, not an event", closed.join());
        assertTrue(eventTypes.isEmpty());
    }

    @Test
    void shouldReportTheLinkClosedWhenTheEngineGoesAway()
    {
        channel.writeInbound(welcome());
        channel.close();

        assertEquals("the engine closed the link", closed.join());
    }

    private static ByteBuf welcome()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[LinkControl.WELCOME_LENGTH]);
        return Unpooled.wrappedBuffer(buffer.byteArray(), 0, LinkControl.welcome(buffer, 0, 2));
    }

    private static ByteBuf ack()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        return Unpooled.wrappedBuffer(buffer.byteArray(), 0, LinkEventEncoder.ack(buffer, 0, 2, 5L, 1L, null, 0, 0));
    }
}
