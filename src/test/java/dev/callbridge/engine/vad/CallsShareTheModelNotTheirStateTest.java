package dev.callbridge.engine.vad;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every call runs the one shared model, but carries its own recurrent state: calls interleaved
 * frame by frame, or running at once on several threads, each report exactly what they report alone.
 */
class CallsShareTheModelNotTheirStateTest {
    private static SileroModel model;
    private static List<AudioChunk> talking;
    private static List<AudioChunk> quiet;
    private static List<SpeechEvent> talkingAlone;

    @BeforeAll
    static void load() {
        model = SileroModel.load();
        talking = new SpeechStream().silence(600).say("Hello, I would like to book a table for two tonight.")
                .silence(800).say("Yes, please.").silence(800).frames(AudioFormat.PCMU_8K, 20);
        quiet = new SpeechStream().noise(talking.size() * 20, 32, 5).frames(AudioFormat.PCMU_8K, 20);
        talkingAlone = alone(talking);
        assertThat(talkingAlone).as("the talking stream alone").hasSize(4);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static List<SpeechEvent> alone(List<AudioChunk> frames) {
        HeardSpeech heard = new HeardSpeech();
        try (VoiceActivity vad = model.factory(VadSettings.DEFAULTS).create(AudioFormat.PCMU_8K, heard.listener())) {
            heard.feed(vad, frames);
        }
        return heard.events();
    }

    @Test
    void interleavedCallsHearOnlyThemselves() {
        HeardSpeech a = new HeardSpeech();
        HeardSpeech b = new HeardSpeech();
        HeardSpeech c = new HeardSpeech();
        VoiceActivity.Factory factory = model.factory(VadSettings.DEFAULTS);
        try (VoiceActivity vadA = factory.create(AudioFormat.PCMU_8K, a.listener());
             VoiceActivity vadB = factory.create(AudioFormat.PCMU_8K, b.listener());
             VoiceActivity vadC = factory.create(AudioFormat.PCMU_8K, c.listener())) {
            for (int i = 0; i < talking.size(); i++) {
                a.feed(vadA, List.of(talking.get(i)));
                b.feed(vadB, List.of(quiet.get(i)));
                c.feed(vadC, List.of(talking.get(i)));
            }
        }
        assertThat(a.events()).isEqualTo(talkingAlone);
        assertThat(b.events()).isEmpty();
        assertThat(c.events()).isEqualTo(talkingAlone);
    }

    @Test
    void callsOnSeveralThreadsAtOnceHearOnlyThemselves() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<SpeechEvent>>> talkers = new ArrayList<>();
            List<Future<List<SpeechEvent>>> listeners = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                talkers.add(threads.submit(() -> alone(talking)));
                listeners.add(threads.submit(() -> alone(quiet)));
            }
            for (Future<List<SpeechEvent>> f : talkers) assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(talkingAlone);
            for (Future<List<SpeechEvent>> f : listeners) assertThat(f.get(20, TimeUnit.SECONDS)).isEmpty();
        } finally {
            threads.shutdownNow();
        }
    }
}
