package io.ringway.gateway.session;

import io.ringway.codec.ErrorCode;

/** WebSocket close codes (RFC 6455 §7.4) for the reasons the server closes a connection. */
public final class CloseCodes
{
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int INTERNAL_ERROR = 1011;
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes()
    {
    }

    public static int forError(final ErrorCode code)
    {
        switch (code)
        {
            case SLOW_CONSUMER:
            case OVERLOADED:
                return TRY_AGAIN_LATER;
            case TOO_LARGE:
                return MESSAGE_TOO_BIG;
            case IDLE_TIMEOUT:
                return GOING_AWAY;
            case BAD_FRAME:
            case UNSUPPORTED_VERSION:
                return PROTOCOL_ERROR;
            case UNAUTHENTICATED:
            case FORBIDDEN:
                return POLICY_VIOLATION;
            default:
                return INTERNAL_ERROR;
        }
    }
}
