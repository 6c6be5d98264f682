package io.ringway.gateway.protocol;

import io.netty.handler.codec.DecoderException;
import io.ringway.codec.ErrorCode;

/** A binary frame that breaks the protocol: the connection gets an ERROR frame and is closed. */
public final class FrameViolationException extends DecoderException
{
    private static final long serialVersionUID = 1L;

    private final transient ErrorCode code;

    public FrameViolationException(final ErrorCode code, final String message)
    {
        super(message, null);
        this.code = code;
    }

    public ErrorCode code()
    {
        return code;
    }

    @Override
    public synchronized Throwable fillInStackTrace()
    {
        return this; // an expected outcome of bad input, not a bug: no stack trace to build
    }
}
