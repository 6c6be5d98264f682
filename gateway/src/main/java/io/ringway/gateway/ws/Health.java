package io.ringway.gateway.ws;

/**
 * What {@code GET /health} answers: its JSON body, and whether the server is up. A server that is
 * not up (its engine's journal stopped) answers 503, so a load balancer or probe takes it out.
 */
public record Health(boolean up, String json)
{
}
