package dev.callbridge.engine.vad;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two real utterances (FreeTTS) between stretches of a quiet phone line, as a phone sends them
 * (μ-law 8 kHz, 20 ms frames) and as Asterisk's slin16 does (L16 16 kHz): Silero with the default
 * settings reports each one once, started and ended close to where it can be heard, and reports its
 * start soon enough for barge-in.
 */
class SileroFindsEachUtteranceTest {
    /** Reported start vs the first audible sample: padding (30 ms) and Silero's 32 ms windows. */
    private static final long START_TOLERANCE_MS = 150;
    /** Reported end vs the last audible sample: Silero's tail, padding and windows; never much early. */
    private static final long END_EARLY_MS = 150;
    private static final long END_LATE_MS = 250;
    /** From the first audible sample to the Started report: the minimum speech (250 ms) plus two windows. */
    private static final long MAX_START_LATENCY_MS = 250 + 2 * 32 + 100;

    private static SileroModel model;

    @BeforeAll
    static void load() {
        model = SileroModel.load();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Stream<Arguments> formats() {
        return Stream.of(Arguments.of(AudioFormat.PCMU_8K), Arguments.of(AudioFormat.L16_16K));
    }

    @ParameterizedTest
    @MethodSource("formats")
    void reportsBothUtterancesWhereTheyAre(AudioFormat format) {
        SpeechStream stream = new SpeechStream()
                .silence(1000)
                .say("Hello, I would like to book a table for two tonight.")
                .silence(1500)
                .say("Yes, at eight o'clock please.")
                .silence(1000)
                .withNoiseFloor(32, 7); // about −60 dBFS, a quiet line
        HeardSpeech heard = new HeardSpeech();
        try (VoiceActivity vad = model.factory(VadSettings.DEFAULTS).create(format, heard.listener())) {
            heard.feed(vad, stream.frames(format, 20));
            assertThat(vad.streamMillis()).isBetween(stream.millis() - 20, stream.millis());
        }

        List<SpeechStream.Utterance> placed = stream.utterances();
        String seen = "placed " + placed + ", reported " + heard.reports();
        assertThat(heard.events()).as(seen).hasSize(4);
        assertThat(heard.events().get(0)).as(seen).isInstanceOf(SpeechEvent.Started.class);
        assertThat(heard.events().get(2)).as(seen).isInstanceOf(SpeechEvent.Started.class);
        List<SpeechEvent.Ended> segments = heard.segments();
        assertThat(segments).as(seen).hasSize(2);
        for (int i = 0; i < 2; i++) {
            SpeechStream.Utterance u = placed.get(i);
            SpeechEvent.Ended s = segments.get(i);
            HeardSpeech.Report started = heard.reports().get(2 * i);
            assertThat(started.event().startMs()).as(seen).isEqualTo(s.startMs());
            assertThat(s.startMs()).as("start of %s; %s", u.text(), seen)
                    .isBetween(u.audibleStartMs() - START_TOLERANCE_MS, u.audibleStartMs() + START_TOLERANCE_MS);
            assertThat(s.endMs()).as("end of %s; %s", u.text(), seen)
                    .isBetween(u.audibleEndMs() - END_EARLY_MS, u.audibleEndMs() + END_LATE_MS);
            assertThat(started.reportedAtMs()).as("Started of %s reported at; %s", u.text(), seen)
                    .isBetween(u.audibleStartMs(), u.audibleStartMs() + MAX_START_LATENCY_MS);
        }
        System.out.println(format + ": " + seen);
    }
}
