package io.ringway.gateway.cli;

import io.ringway.gateway.GatewayConfig;
import io.ringway.gateway.auth.AuthConfig;
import io.ringway.gateway.io.IoTransport;
import io.ringway.gateway.link.TcpEngineLink;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GatewayCommandOptionsTest
{
    private static GatewayCommand parse(final String... args)
    {
        final GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void shouldRequireTheEngineAndTheGatewayIdWhenParsed()
    {
        assertThrows(CommandLine.MissingParameterException.class, () -> parse("--gateway-id", "2"));
        assertThrows(CommandLine.MissingParameterException.class, () -> parse("--engine", "127.0.0.1:7070"));
    }

    @Test
    void shouldTakeTheGatewayFlagsWhenLinkedToAnEngine()
    {
        final GatewayCommand command = parse("--engine", "127.0.0.1:7070", "--gateway-id", "3", "--port", "8081", "--max-connections", "10");
        assertEquals("127.0.0.1:7070", command.engine);
        assertEquals(5000, command.connectTimeoutMs);
        final GatewayConfig config = command.gateway.toConfig(command.gatewayId, IoTransport.NIO, AuthConfig.devMode());
        assertEquals(3, config.gatewayId());
        assertEquals(8081, config.httpPort());
        assertEquals(10, config.maxConnections());
    }

    @Test
    void shouldExitWith2WhenTheEngineAddressHasNoPort() throws Exception
    {
        assertEquals(2, parse("--engine", "localhost", "--gateway-id", "2").call());
        assertEquals(2, parse("--engine", "127.0.0.1:notaport", "--gateway-id", "2").call());
        assertEquals(2, parse("--engine", "127.0.0.1:70000", "--gateway-id", "2").call());
    }

    @Test
    void shouldExitWith2WhenClientFramesCouldOutgrowTheLinksLargestCommand() throws Exception
    {
        assertEquals(2, parse("--engine", "127.0.0.1:7070", "--gateway-id", "2",
            "--max-frame-bytes", "" + (TcpEngineLink.MAX_COMMAND_BYTES + 1)).call());
    }
}
