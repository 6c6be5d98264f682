package io.ringway.gateway.link;

import io.ringway.codec.link.LinkControl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The link's shared secret, from a file both ends are given ({@code --link-secret-file}). */
public final class LinkSecret
{
    /** As for an HS256 secret: shorter is guessable. */
    public static final int MIN_BYTES = 32;

    private LinkSecret()
    {
    }

    /**
     * The file's bytes as they are, less trailing CR/LF ({@code echo secret > file} adds one nobody means).
     * @throws IllegalArgumentException when the file cannot be read, or holds fewer than {@link #MIN_BYTES} or more than
     *                                  {@link LinkControl#MAX_SECRET_BYTES} bytes
     */
    public static byte[] read(final Path file)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read the link secret file " + file + ": " + ex, ex);
        }
        int length = bytes.length;
        while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r'))
        {
            length--;
        }
        final byte[] secret = Arrays.copyOf(bytes, length);
        Arrays.fill(bytes, (byte)0);
        if (secret.length < MIN_BYTES || secret.length > LinkControl.MAX_SECRET_BYTES)
        {
            throw new IllegalArgumentException("the link secret in " + file + " must be " + MIN_BYTES + " to "
                + LinkControl.MAX_SECRET_BYTES + " bytes, not " + secret.length);
        }
        return secret;
    }
}
