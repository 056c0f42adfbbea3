package dev.callbridge.engine.vad.bench;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.SpokenAudio;
import dev.callbridge.engine.vad.SileroModel;
import dev.callbridge.engine.vad.VadSettings;
import dev.callbridge.engine.vad.VoiceActivity;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one call's voice activity detection costs the event loop per 20 ms frame: G.711 decoding and
 * 8→16 kHz resampling (phone) or nothing (slin16), then Silero on every completed 32 ms window
 * (five windows per eight frames). Real speech, looped; the detector lives across ops as in a call.
 * Sampled, so the median and tail are both shown:
 * {@code scripts/jmh org.openjdk.jmh.Main SileroVadBenchmark -f 1 -wi 3 -w 1s -i 5 -r 2s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SileroVadBenchmark {
    private SileroModel model;
    private VoiceActivity phone;
    private VoiceActivity wideband;
    private AudioChunk[] phoneFrames;
    private AudioChunk[] widebandFrames;
    private int next;
    private long events;

    @Setup(Level.Trial)
    public void setUp() {
        String text = "Hello, I would like to book a table for two tonight, at eight o'clock please.";
        phoneFrames = frames(SpokenAudio.chunk(text, AudioFormat.PCMU_8K));
        widebandFrames = frames(SpokenAudio.chunk(text, AudioFormat.L16_16K));
        model = SileroModel.load();
        VoiceActivity.Factory factory = model.factory(VadSettings.DEFAULTS);
        phone = factory.create(AudioFormat.PCMU_8K, e -> events++);
        wideband = factory.create(AudioFormat.L16_16K, e -> events++);
    }

    private static AudioChunk[] frames(AudioChunk whole) {
        int size = whole.format().bytesFor(20);
        int count = whole.data().length / size / 8 * 8; // whole windows per loop, so the state stays in phase
        AudioChunk[] frames = new AudioChunk[count];
        for (int i = 0; i < count; i++) {
            frames[i] = new AudioChunk(whole.format(), Arrays.copyOfRange(whole.data(), i * size, (i + 1) * size));
        }
        return frames;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        phone.close();
        wideband.close();
        model.close();
    }

    @Benchmark
    public long phoneFrame() {
        phone.accept(phoneFrames[next++ % phoneFrames.length]);
        return events;
    }

    @Benchmark
    public long widebandFrame() {
        wideband.accept(widebandFrames[next++ % widebandFrames.length]);
        return events;
    }
}
