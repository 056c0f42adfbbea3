package dev.callbridge.audio.bench;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.G711;
import dev.callbridge.audio.Resampler;
import dev.callbridge.audio.Transcoder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one 20 ms frame through each audio step, as the media thread pays it per call. The
 * resamplers and transcoders are long-lived, as in a call, so their state carries across ops.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AudioFrameBenchmark {
    private byte[] ulaw8k;
    private byte[] pcm8k;
    private byte[] pcm16k;
    private byte[] pcm24k;
    private AudioChunk ulawChunk;
    private AudioChunk pcm24kChunk;

    private Resampler up8to16;
    private Resampler down16to8;
    private Resampler up8to24;
    private Resampler down24to8;
    private Transcoder phoneToModel;
    private Transcoder modelToPhone;

    @Setup
    public void setUp() {
        pcm8k = speechLike(8000);
        pcm16k = speechLike(16000);
        pcm24k = speechLike(24000);
        ulaw8k = G711.pcm16ToUlaw(pcm8k);
        ulawChunk = new AudioChunk(AudioFormat.PCMU_8K, ulaw8k);
        pcm24kChunk = new AudioChunk(AudioFormat.L16_24K, pcm24k);
        up8to16 = Resampler.create(8000, 16000);
        down16to8 = Resampler.create(16000, 8000);
        up8to24 = Resampler.create(8000, 24000);
        down24to8 = Resampler.create(24000, 8000);
        phoneToModel = new Transcoder(AudioFormat.PCMU_8K, AudioFormat.L16_24K);
        modelToPhone = new Transcoder(AudioFormat.L16_24K, AudioFormat.PCMU_8K);
    }

    @Benchmark
    public byte[] ulawDecode() {
        return G711.ulawToPcm16(ulaw8k);
    }

    @Benchmark
    public byte[] ulawEncode() {
        return G711.pcm16ToUlaw(pcm8k);
    }

    @Benchmark
    public byte[] resample8to16() {
        return up8to16.process(pcm8k);
    }

    @Benchmark
    public byte[] resample16to8() {
        return down16to8.process(pcm16k);
    }

    @Benchmark
    public byte[] resample8to24() {
        return up8to24.process(pcm8k);
    }

    @Benchmark
    public byte[] resample24to8() {
        return down24to8.process(pcm24k);
    }

    @Benchmark
    public AudioChunk transcodePcmu8kToL16_24k() {
        return phoneToModel.convert(ulawChunk);
    }

    @Benchmark
    public AudioChunk transcodeL16_24kToPcmu8k() {
        return modelToPhone.convert(pcm24kChunk);
    }

    /** 20 ms of two tones plus noise, so the G.711 tables are hit all over, not in one cache line. */
    private static byte[] speechLike(int rate) {
        Random random = new Random(rate);
        int n = rate / 50;
        byte[] pcm = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            double v = 8000 * Math.sin(2 * Math.PI * 220 * i / rate) + 3000 * Math.sin(2 * Math.PI * 1800 * i / rate)
                    + 1500 * random.nextGaussian();
            int s = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        return pcm;
    }
}
