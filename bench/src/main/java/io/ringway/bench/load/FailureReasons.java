package io.ringway.bench.load;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;

import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns why a connection failed into a short reason to count by: no user names, addresses or
 * ports, so a thousand refused connections are one line ("connect refused: 1000"), not a thousand.
 */
public final class FailureReasons
{
    private FailureReasons()
    {
    }

    public static String classify(final Throwable failure)
    {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null)
        {
            t = t.getCause();
        }
        if (t instanceof JoinFailedException joinFailed)
        {
            return joinFailed.reason();
        }
        if (t instanceof ServerUnreachableException && t.getCause() != null)
        {
            t = t.getCause();
        }
        else if (t instanceof ServerUnreachableException)
        {
            return lower(t.getMessage()).contains("handshake timed out") ? "websocket handshake timeout" : "unreachable";
        }
        final String message = lower(t.getMessage());
        if (message.contains("too many open files"))
        {
            return "too many open files";
        }
        if (t instanceof ConnectTimeoutException)
        {
            return "connect timeout";
        }
        if (t instanceof BindException)
        {
            return "bind: " + strip(t.getMessage());
        }
        if (t instanceof ConnectException)
        {
            return message.contains("refused") ? "connect refused" : "connect: " + strip(t.getMessage());
        }
        if (t instanceof WebSocketClientHandshakeException)
        {
            return "websocket handshake refused: " + strip(t.getMessage());
        }
        if (t instanceof SocketException && message.contains("reset"))
        {
            return "connection reset";
        }
        if (t instanceof NatsProtocolException)
        {
            return "bad nats protocol";
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + strip(t.getMessage()));
    }

    /** Drops addresses, ports and user names so equal failures count together; caps the length. */
    static String strip(final String message)
    {
        if (message == null)
        {
            return "";
        }
        final String stripped = message
            .replaceAll(":?\\s*/?\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}(:\\d+)?", "")
            .replaceAll("lg\\d+-\\d+[-\\w]*", "<user>")
            .trim();
        return stripped.length() > 100 ? stripped.substring(0, 100) + "…" : stripped;
    }

    private static String lower(final String message)
    {
        return message == null ? "" : message.toLowerCase(Locale.ROOT);
    }
}
