package io.ringway.gateway.link;

import io.ringway.codec.link.LinkControl;
import io.ringway.gateway.io.IoTransport;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway connecting to a fake engine on a real socket: the first link is refused "in use", every later one is
 * accepted and never answered, so the retry runs out of time. The gateway must report what kept it out.
 */
class TcpEngineLinkTest
{
    private ServerSocket engine;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException
    {
        engine.close();
        for (final Socket socket : held)
        {
            socket.close();
        }
    }

    @Test
    void shouldReportTheIdInUseWhenTheLastRetryRunsOutOfTime() throws Exception
    {
        engine = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final Thread fake = new Thread(this::refuseFirstThenHoldSilent, "fake-engine");
        fake.setDaemon(true);
        fake.start();

        final EngineLinkException refused = assertThrows(EngineLinkException.class, () -> TcpEngineLink.connect(
            "127.0.0.1", engine.getLocalPort(), 2, (buffer, offset, length) -> { }, IoTransport.NIO, 1_000));

        assertTrue(refused.idInUse(), refused.toString());
        assertTrue(refused.getMessage().endsWith("refused gateway 2: gateway id 2" + RemoteGatewayHandler.ID_IN_USE), refused.getMessage());
        assertEquals(1, refused.getSuppressed().length, "the retry's own failure is kept, suppressed");
        assertTrue(refused.getSuppressed()[0].getMessage().contains("did not answer HELLO"), refused.getSuppressed()[0].getMessage());
    }

    @Test
    void shouldSayTheLinkClosedBeforeAnAnswerWhenTheEngineClosesWithoutRefusing() throws Exception
    {
        engine = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final Thread fake = new Thread(() ->
        {
            try (Socket first = engine.accept())
            {
                first.getInputStream().read(); // the HELLO starts, then the "engine" goes, as a TLS port does to plain TCP
            }
            catch (final IOException closed)
            {
                // the test is over
            }
        }, "fake-engine");
        fake.setDaemon(true);
        fake.start();

        final EngineLinkException closed = assertThrows(EngineLinkException.class, () -> TcpEngineLink.connect(
            "127.0.0.1", engine.getLocalPort(), 2, (buffer, offset, length) -> { }, IoTransport.NIO, 5_000));

        assertTrue(closed.getMessage().startsWith("the link to the engine at 127.0.0.1:" + engine.getLocalPort()
            + " closed before it answered HELLO: "), closed.getMessage());
        assertTrue(closed.getMessage().endsWith("--engine-tls-trust-file)"), closed.getMessage());
        assertFalse(closed.idInUse());
    }

    private void refuseFirstThenHoldSilent()
    {
        try
        {
            final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(256);
            final int length = LinkControl.refused(frame, 0, 2, "gateway id 2" + RemoteGatewayHandler.ID_IN_USE);
            try (Socket first = engine.accept())
            {
                first.getOutputStream().write(frame.byteArray(), 0, length);
                first.getOutputStream().flush();
                first.getInputStream().readAllBytes(); // until the gateway closes its end
            }
            while (!engine.isClosed())
            {
                held.add(engine.accept()); // accepted, never answered
            }
        }
        catch (final IOException closed)
        {
            // the test is over
        }
    }
}
