package io.ringway.bench.floor;

import io.ringway.bench.load.LoadMessages;
/** The error replies the floor server sends, with Ringway's codes (PROTOCOL.md, Errors). */
enum FloorError
{
    BAD_REQUEST("bad_request", "malformed command, or a missing or ill-typed field"),
    UNKNOWN_TYPE("unknown_type", "the floor server knows join and publish only"),
    NOT_MEMBER("not_member", "not a member of this room"),
    UNAUTHENTICATED("unauthenticated", "no identity: connect with ?client_id=<user>"),
    SLOW_CONSUMER("slow_consumer", "outbound buffer full");

    /** {@code ,"error":{"code":"…","message":"…"}}}: what follows the type (and id) in the reply. */
    private final byte[] body;

    FloorError(final String code, final String message)
    {
        this.body = LoadMessages.ascii(",\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
    }

    byte[] body()
    {
        return body;
    }
}
