package dev.callbridge.twilio.bench;

import dev.callbridge.twilio.TwilioMediaCodec;
import dev.callbridge.twilio.TwilioMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-frame cost of the Twilio codec: one 20 ms frame (160 bytes of μ-law) decoded as
 * Twilio sends it, and encoded as the server sends it. Budget: ≤ ~2 µs each way.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(deps) org.openjdk.jmh.Main TwilioMediaCodecBenchmark \
 *      -f 1 -wi 3 -w 1s -i 3 -r 1s [-prof gc]
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class TwilioMediaCodecBenchmark {
    private static final String STREAM_SID = "MZ22222222222222222222222222222222";

    private final TwilioMediaCodec codec = new TwilioMediaCodec();
    private byte[] inboundMediaJson;
    private TwilioMessage.OutMedia outboundMedia;

    @Setup
    public void setUp() {
        byte[] ulaw = new byte[160];
        for (int i = 0; i < ulaw.length; i++) {
            ulaw[i] = (byte) (0xFF - i * 7);
        }
        inboundMediaJson = ("{\"event\":\"media\",\"sequenceNumber\":\"1234\",\"media\":{\"track\":\"inbound\","
                + "\"chunk\":\"1233\",\"timestamp\":\"24660\",\"payload\":\"" + Base64.getEncoder().encodeToString(ulaw)
                + "\"},\"streamSid\":\"" + STREAM_SID + "\"}").getBytes(StandardCharsets.UTF_8);
        outboundMedia = new TwilioMessage.OutMedia(STREAM_SID, ulaw);
    }

    @Benchmark
    public TwilioMessage decodeInboundMedia() {
        return codec.decodeFromTwilio(inboundMediaJson);
    }

    @Benchmark
    public byte[] encodeOutboundMedia() {
        return codec.encode(outboundMedia);
    }
}
