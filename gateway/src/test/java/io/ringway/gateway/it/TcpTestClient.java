package io.ringway.gateway.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A raw TCP client speaking the client binary frame protocol:
 * {@code length u32 BE (whole frame) | version u8 | type u8 | flags u8 | payload}.
 */
final class TcpTestClient implements AutoCloseable
{
    static final int HELLO = 0x01;
    static final int JOIN_ROOM = 0x02;
    static final int LEAVE_ROOM = 0x03;
    static final int MESSAGE = 0x04;
    static final int HEARTBEAT = 0x05;
    static final int ERROR = 0x06;
    static final int ACK = 0x07;
    static final int TYPING = 0x08;
    static final int PRESENCE = 0x09;
    static final int FLAG_JSON = 0x01;
    static final int HEADER_LENGTH = 7;

    /** One frame as read from the wire. */
    record Frame(int version, int type, int flags, byte[] payload)
    {
        String text()
        {
            return new String(payload, StandardCharsets.UTF_8);
        }

        Map<String, Object> json()
        {
            return Json.object(payload);
        }

        @Override
        public String toString()
        {
            return "Frame[v" + version + " type 0x" + Integer.toHexString(type) + " flags 0x" + Integer.toHexString(flags) +
                " " + text() + "]";
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private TcpTestClient(final Socket socket) throws IOException
    {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static TcpTestClient connect(final InetSocketAddress address)
    {
        return connect(address, -1);
    }

    /** @param receiveBuffer SO_RCVBUF set before connecting (so the TCP window is small), or -1 for the default */
    static TcpTestClient connect(final InetSocketAddress address, final int receiveBuffer)
    {
        try
        {
            final Socket socket = new Socket();
            if (receiveBuffer > 0)
            {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int)WsTestClient.TIMEOUT.toMillis());
            socket.connect(new InetSocketAddress("127.0.0.1", address.getPort()), (int)WsTestClient.TIMEOUT.toMillis());
            return new TcpTestClient(socket);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Over TLS, trusting what {@code tls} trusts and checking the certificate names 127.0.0.1, as a browser would. */
    static TcpTestClient connectTls(final InetSocketAddress address, final javax.net.ssl.SSLContext tls)
    {
        try
        {
            final javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket)tls.getSocketFactory().createSocket();
            final javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int)WsTestClient.TIMEOUT.toMillis());
            socket.connect(new InetSocketAddress("127.0.0.1", address.getPort()), (int)WsTestClient.TIMEOUT.toMillis());
            socket.startHandshake();
            return new TcpTestClient(socket);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static byte[] frame(final int version, final int type, final int flags, final byte[] payload)
    {
        return ByteBuffer.allocate(HEADER_LENGTH + payload.length)
            .putInt(HEADER_LENGTH + payload.length)
            .put((byte)version).put((byte)type).put((byte)flags)
            .put(payload)
            .array();
    }

    static byte[] jsonFrame(final int type, final String json)
    {
        return frame(1, type, FLAG_JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /** Parses whole frames from {@code bytes}; a trailing partial frame is ignored (see {@link #trailing}). */
    static List<Frame> parseFrames(final byte[] bytes)
    {
        final List<Frame> frames = new ArrayList<>();
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.remaining() >= HEADER_LENGTH)
        {
            final int start = buffer.position();
            final int length = buffer.getInt(start);
            if (length < HEADER_LENGTH || buffer.remaining() < length)
            {
                break;
            }
            final byte[] payload = new byte[length - HEADER_LENGTH];
            buffer.position(start + HEADER_LENGTH);
            buffer.get(payload);
            frames.add(new Frame(bytes[start + 4] & 0xFF, bytes[start + 5] & 0xFF, bytes[start + 6] & 0xFF, payload));
        }
        return frames;
    }

    void send(final byte[] bytes)
    {
        try
        {
            out.write(bytes);
            out.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    void sendJson(final int type, final String json)
    {
        send(jsonFrame(type, json));
    }

    /** Writes one byte at a time, flushing each. */
    void sendByteByByte(final byte[] bytes)
    {
        try
        {
            for (final byte b : bytes)
            {
                out.write(b);
                out.flush();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The next frame; an AssertionError on end of stream or after the socket timeout. */
    Frame read()
    {
        final Frame frame = readOrNull();
        if (frame == null)
        {
            throw new AssertionError("connection closed by the server while a frame was expected");
        }
        return frame;
    }

    /** The next frame, or null at end of stream. */
    Frame readOrNull()
    {
        try
        {
            final byte[] header = new byte[HEADER_LENGTH];
            final int first = in.read();
            if (first < 0)
            {
                return null;
            }
            header[0] = (byte)first;
            readFully(header, 1, HEADER_LENGTH - 1);
            final int length = ByteBuffer.wrap(header).getInt(0);
            if (length < HEADER_LENGTH)
            {
                throw new AssertionError("server sent a frame length of " + length);
            }
            final byte[] payload = new byte[length - HEADER_LENGTH];
            readFully(payload, 0, payload.length);
            return new Frame(header[4] & 0xFF, header[5] & 0xFF, header[6] & 0xFF, payload);
        }
        catch (final java.net.SocketTimeoutException ex)
        {
            throw new AssertionError("no frame from the server within " + WsTestClient.TIMEOUT);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The next frame of {@code type}, skipping (and returning in {@code skipped}) others. */
    Frame readType(final int type, final List<Frame> skipped)
    {
        while (true)
        {
            final Frame frame = read();
            if (frame.type() == type)
            {
                return frame;
            }
            skipped.add(frame);
        }
    }

    /**
     * Reads until the server closes the connection and returns every byte that came, so a caller can
     * check what the server said last. A reset instead of an orderly close also counts as closed.
     */
    byte[] readUntilClosed()
    {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        final byte[] chunk = new byte[64 * 1024];
        try
        {
            while (true)
            {
                final int n = in.read(chunk);
                if (n < 0)
                {
                    return all.toByteArray();
                }
                all.write(chunk, 0, n);
            }
        }
        catch (final java.net.SocketTimeoutException ex)
        {
            throw new AssertionError("the server did not close the connection within " + WsTestClient.TIMEOUT +
                " (" + all.size() + " bytes read)");
        }
        catch (final SocketException ex)
        {
            return all.toByteArray(); // connection reset: closed too
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Reads every remaining frame until the server closes; asserts nothing but whole frames arrived. */
    List<Frame> readFramesUntilClosed()
    {
        final byte[] bytes = readUntilClosed();
        final List<Frame> frames = parseFrames(bytes);
        final int consumed = frames.stream().mapToInt(f -> HEADER_LENGTH + f.payload().length).sum();
        if (consumed != bytes.length)
        {
            throw new AssertionError("partial frame before the close: " + (bytes.length - consumed) + " bytes");
        }
        return frames;
    }

    private void readFully(final byte[] buffer, final int offset, final int length) throws IOException
    {
        int done = 0;
        while (done < length)
        {
            final int n = in.read(buffer, offset + done, length - done);
            if (n < 0)
            {
                throw new EOFException("end of stream inside a frame");
            }
            done += n;
        }
    }

    Socket socket()
    {
        return socket;
    }

    @Override
    public void close()
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // closing anyway
        }
    }
}
