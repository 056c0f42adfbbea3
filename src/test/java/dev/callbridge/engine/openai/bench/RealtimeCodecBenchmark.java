package dev.callbridge.engine.openai.bench;

import dev.callbridge.engine.openai.RealtimeClientEvent;
import dev.callbridge.engine.openai.RealtimeCodec;
import dev.callbridge.engine.openai.RealtimeServerEvent;
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
 * The per-chunk cost of the Realtime codec on the media path: decoding a model audio delta
 * (kept as base64 text, and with the bytes decoded) and encoding 20 ms of caller μ-law as an
 * {@code input_audio_buffer.append}, from base64 text (Twilio pass-through) and from bytes.
 * The delta is 100 ms of μ-law (800 bytes), a typical chunk size for {@code audio/pcmu}.
 *
 * <pre>
 * scripts/jmh org.openjdk.jmh.Main RealtimeCodecBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s [-prof gc]
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RealtimeCodecBenchmark {
    private final RealtimeCodec codec = new RealtimeCodec();
    private String audioDeltaJson;
    private byte[] callerUlaw;
    private String callerBase64;

    @Setup
    public void setUp() {
        byte[] modelUlaw = new byte[800];
        for (int i = 0; i < modelUlaw.length; i++) {
            modelUlaw[i] = (byte) (0xFF - i * 7);
        }
        audioDeltaJson = "{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_CU3Xa7fOSqpSv2kqPSMm3\","
                + "\"response_id\":\"resp_CU3XaFhuVcgBKyONS1bWm\",\"item_id\":\"item_CU3XaQ6sCKIyh0tWdjGx4\","
                + "\"output_index\":0,\"content_index\":0,\"delta\":\"" + Base64.getEncoder().encodeToString(modelUlaw)
                + "\"}";
        callerUlaw = new byte[160];
        for (int i = 0; i < callerUlaw.length; i++) {
            callerUlaw[i] = (byte) (0x7F - i * 3);
        }
        callerBase64 = Base64.getEncoder().encodeToString(callerUlaw);
    }

    @Benchmark
    public RealtimeServerEvent decodeAudioDelta() {
        return codec.decode(audioDeltaJson);
    }

    @Benchmark
    public byte[] decodeAudioDeltaToBytes() {
        return ((RealtimeServerEvent.OutputAudioDelta) codec.decode(audioDeltaJson)).decodeAudio();
    }

    @Benchmark
    public String encodeAppendFromBase64() {
        return codec.encode(RealtimeClientEvent.InputAudioAppend.ofBase64(callerBase64));
    }

    @Benchmark
    public String encodeAppendFromBytes() {
        return codec.encode(RealtimeClientEvent.InputAudioAppend.ofBytes(callerUlaw));
    }
}
