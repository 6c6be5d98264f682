package io.ringway.bench.load;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FailureReasonsTest
{
    private static ServerUnreachableException unreachable(final Throwable cause)
    {
        return new ServerUnreachableException("cannot connect to ws://127.0.0.1:1/ws (ws-json): " + cause.getMessage(), cause);
    }

    @Test
    void shouldCountRefusalsTogetherWhenAddressesDiffer()
    {
        assertEquals("connect refused", FailureReasons.classify(unreachable(new ConnectException("Connection refused: /127.0.0.1:18090"))));
        assertEquals("connect refused", FailureReasons.classify(
            new CompletionException(unreachable(new ConnectException("Connection refused: /127.0.0.3:18090")))));
    }

    @Test
    void shouldNameTimeoutsAndDescriptorExhaustion()
    {
        assertEquals("connect timeout", FailureReasons.classify(unreachable(new ConnectTimeoutException("connection timed out: /127.0.0.1:1"))));
        assertEquals("too many open files", FailureReasons.classify(unreachable(new SocketException("Too many open files"))));
        assertEquals("bind: Cannot assign requested address", FailureReasons.classify(
            unreachable(new BindException("Cannot assign requested address"))));
        assertEquals("websocket handshake timeout", FailureReasons.classify(
            new ServerUnreachableException("lg20261122-1-c7: WebSocket handshake timed out", null)));
    }

    @Test
    void shouldUseServerReasonWhenJoinFailed()
    {
        assertEquals("join refused: overloaded", FailureReasons.classify(
            new JoinFailedException("lg1-c1: join refused by the server: overloaded", "join refused: overloaded")));
    }

    @Test
    void shouldStripUserNamesWhenFallingBackToMessage()
    {
        assertEquals("websocket handshake refused: Invalid handshake response getStatus: 404 Not Found",
            FailureReasons.classify(new WebSocketClientHandshakeException("Invalid handshake response getStatus: 404 Not Found")));
        assertEquals("IOException: <user> went away", FailureReasons.classify(new IOException("lg20261122080705-9966-c12 went away")));
    }
}
