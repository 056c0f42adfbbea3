package dev.callbridge.engine.tts;

import dev.callbridge.audio.AudioFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A measurement, not a test: how soon a ten-word sentence's first audio comes from espeak-ng, and
 * how much faster than it plays the whole sentence is made. Prints the medians of seven runs
 * (after one to warm up), the figures in the README.
 *
 * <pre>scripts/jmh dev.callbridge.engine.tts.EspeakLatencyMeasurement</pre>
 */
public final class EspeakLatencyMeasurement {
    static final String TEN_WORDS = "Your table for two is booked for eight tonight, thank you.";

    private EspeakLatencyMeasurement() {}

    public static void main(String[] args) throws Exception {
        try (EspeakFixture f = new EspeakFixture()) {
            measure(f);
        }
        System.exit(0);
    }

    private static void measure(EspeakFixture f) throws Exception {
        List<Double> firstAudio = new ArrayList<>();
        List<Double> realTimeFactor = new ArrayList<>();
        long audioMillis = 0;
        for (int run = 0; run <= 7; run++) {
            SpeechRecorder r = new SpeechRecorder();
            r.expected = f.context;
            CompletableFuture<Long> calledAt = new CompletableFuture<>();
            f.context.runOnContext(v -> {
                calledAt.complete(System.nanoTime());
                f.engine.speak(TEN_WORDS, "en", AudioFormat.PCMU_8K, r);
            });
            r.ended.get(30, TimeUnit.SECONDS);
            long endedAt = System.nanoTime();
            if (run == 0) continue; // warm-up: class loading, the JIT, espeak-ng's data into the page cache
            audioMillis = r.millis();
            firstAudio.add((r.firstAudioAt.join() - calledAt.join()) / 1e6);
            realTimeFactor.add((endedAt - calledAt.join()) / 1e6 / r.millis());
        }
        double medianFirst = SpeechMeter.median(firstAudio);
        double medianFactor = SpeechMeter.median(realTimeFactor);
        System.out.printf("espeak-ng: \"%s\" (%d ms of speech), %s: first audio median %.1f ms (runs %s), real-time factor median %.4f%n",
                TEN_WORDS, audioMillis, String.join(" ", new EspeakCommand(EspeakFixture.espeak(), null, 175).argv("en-us")),
                medianFirst, firstAudio.stream().map(ms -> String.format("%.1f", ms)).toList(), medianFactor);
    }
}
