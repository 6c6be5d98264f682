package io.ringway.bench.load;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code summary.json} of a run, written with jackson-core's streaming generator. Latencies are
 * in microseconds; {@code server} is null when no server pid was given.
 */
public final class SummaryJson
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private SummaryJson()
    {
    }

    public static String toJson(final RunResult r)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8).useDefaultPrettyPrinter())
        {
            write(json, r);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toString(StandardCharsets.UTF_8) + System.lineSeparator();
    }

    static void write(final JsonGenerator json, final RunResult r) throws IOException
    {
        final RunConfig c = r.config;
        json.writeStartObject();
        json.writeStringField("scenario", c.scenario().label());
        json.writeStringField("transport", c.target().transport().label());
        json.writeStringField("client_io", c.target().clientIo().label());
        json.writeStringField("target", c.target().describe());
        json.writeArrayFieldStart("subscriberTargets"); // more endpoints fanout subscribers were spread over, with target
        for (final LoadTarget endpoint : c.subscriberTargets())
        {
            json.writeString(endpoint.describe());
        }
        json.writeEndArray();
        json.writeStringField("room", c.room());
        json.writeStringField("startedAt", r.startedAt.toString());
        json.writeNumberField("rate", c.rate());
        json.writeNumberField("durationS", c.durationS());
        json.writeNumberField("warmupS", c.warmupS());
        json.writeNumberField("subscribers", c.scenario() == Scenario.RTT ? 0 : c.subscribers());
        json.writeNumberField("payloadBytes", c.payloadBytes());
        json.writeBooleanField("aborted", r.aborted);
        if (r.abortReason != null)
        {
            json.writeStringField("abortReason", r.abortReason);
            json.writeBooleanField("timeBoundHit", r.timeBoundHit);
        }

        json.writeNumberField("sent", r.sentMeasured);
        json.writeNumberField("sentWarmup", r.sentWarmup);
        json.writeNumberField("expected", r.expected);
        json.writeNumberField("received", r.received);
        json.writeNumberField("lost", r.lost);
        json.writeNumberField("deliveriesPerSec", round(r.deliveriesPerSec, 1));
        json.writeNumberField("achievedSendRate", round(r.achievedSendRate, 1));
        json.writeNumberField("measuredWindowS", round(r.measuredWindowS, 3));
        json.writeNumberField("drainWaitS", round(r.drainWaitS, 3));
        json.writeNumberField("warmupReceived", r.warmupReceived);
        json.writeNumberField("publisherEchoes", r.publisherEchoes);
        json.writeNumberField("acks", r.acks);
        json.writeNumberField("outOfOrder", r.outOfOrder);
        json.writeNumberField("gapMessages", r.gapMessages);
        json.writeNumberField("unknownMessages", r.unknownMessages);
        json.writeNumberField("sendsWhileUnwritable", r.sendsWhileUnwritable);
        writeCounts(json, "errors", r.errors);
        writeCounts(json, "earlyCloses", r.earlyCloses);

        json.writeObjectFieldStart("latencyUs");
        writeLatency(json, "intended", r.intended());
        writeLatency(json, "actual", r.actual());
        json.writeEndObject();
        writeLatency(json, "sendLagUs", r.sendLag());

        json.writeObjectFieldStart("client");
        json.writeNumberField("cpuS", round(r.clientCpuS, 3));
        json.writeNumberField("cpuCores", round(r.clientCores, 3));
        json.writeNumberField("machineCores", r.machineCores);
        json.writeNumberField("fractionOfMachine", round(r.clientCpuFraction(), 3));
        json.writeBooleanField("cpuWarning", r.clientCpuWarning());
        json.writeEndObject();

        if (r.hasServerCpu())
        {
            json.writeObjectFieldStart("server");
            json.writeArrayFieldStart("pids"); // a server and its linked gateways: CPU summed
            for (int i = 0; i < c.serverPids().size(); i++)
            {
                json.writeNumber(c.serverPids().get(i));
            }
            json.writeEndArray();
            json.writeNumberField("cpuS", round(r.serverCpuS, 3));
            json.writeNumberField("cpuCores", round(r.serverCores, 3));
            json.writeNumberField("deliveriesPerCpuS", round(r.deliveriesPerServerCpuS, 1));
            json.writeEndObject();
        }
        else
        {
            json.writeNullField("server");
        }
        json.writeEndObject();
    }

    private static void writeLatency(final JsonGenerator json, final String name, final LatencySummary latency) throws IOException
    {
        json.writeObjectFieldStart(name);
        json.writeNumberField("count", latency.count());
        json.writeNumberField("mean", latency.mean());
        final double[] values = latency.values();
        for (int i = 0; i < values.length; i++)
        {
            json.writeNumberField(LatencySummary.KEYS[i], values[i]);
        }
        json.writeEndObject();
    }

    private static void writeCounts(final JsonGenerator json, final String name, final Map<String, Long> counts) throws IOException
    {
        json.writeObjectFieldStart(name);
        for (final Map.Entry<String, Long> entry : counts.entrySet())
        {
            json.writeNumberField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }

    static double round(final double value, final int decimals)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            return 0;
        }
        final double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
