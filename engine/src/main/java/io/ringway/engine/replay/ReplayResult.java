package io.ringway.engine.replay;

import io.ringway.engine.logic.OutboundDigest;

/**
 * What a replay produced.
 *
 * @param commands     commands applied
 * @param lastSequence engine sequence of the last command applied (0 for none)
 * @param lastTimestampMs journal timestamp of the last command applied
 * @param digest       running digest of the outbound stream after the last command
 */
public record ReplayResult(long commands, long lastSequence, long lastTimestampMs, long digest)
{
    public String digestHex()
    {
        return OutboundDigest.toHex(digest);
    }
}
