package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.G711;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.TranscriptEntry;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.SpeechToTextMetrics;
import dev.callbridge.engine.stt.sphinx.SphinxGrammar;
import dev.callbridge.engine.stt.sphinx.SphinxSpeechToText;
import dev.callbridge.engine.translate.ApertiumApyProcess;
import dev.callbridge.engine.translate.ApertiumApyProtocol;
import dev.callbridge.engine.translate.HttpTranslator;
import dev.callbridge.engine.tts.EspeakSpeech;
import dev.callbridge.engine.tts.SpeechListener;
import dev.callbridge.engine.tts.TextToSpeechMetrics;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The interpreter with nothing remote. A's side, all real: English speech (FreeTTS, a Java Flite) →
 * Silero → Sphinx4 with the digits grammar → Apertium ({@code apertium-apy}, eng→spa) → espeak-ng in
 * Spanish → B. B's side: Spanish speech made by espeak-ng → Silero → a scripted recogniser (no local
 * recogniser here knows Spanish: Sphinx4 ships English models only) → Apertium spa→eng → espeak-ng in
 * English → A. Each party must receive speech, and the record must hold both texts and translations.
 */
class InterpreterRunsOfflineOnLocalEnginesTest {
    private static ApertiumApyProcess apy;
    private static URI apyRoot;

    @BeforeAll
    static void startApy() throws Exception {
        apy = ApertiumApyProcess.start();
        apyRoot = apy.root();
    }

    @AfterAll
    static void stopApy() throws Exception {
        if (apy != null) apy.close();
    }

    @Test
    void digitsSpokenInEnglishReachBInSpanishAndBsSpanishReachesAInEnglish() throws Exception {
        Vertx engines = Vertx.vertx();
        try {
            SphinxSpeechToText sphinx = SphinxSpeechToText.load(engines, new SphinxSpeechToText.Settings(SphinxGrammar.of("digits"), 1,
                    SphinxSpeechToText.Limits.DEFAULTS), SpeechToTextMetrics.NONE);
            InterpreterRig.ScriptedStt spanish = new InterpreterRig.ScriptedStt();
            spanish.script("es", "tres cuatro");
            SpeechToText byLanguage = (format, language, listener) ->
                    (language.equals("es") ? spanish : sphinx).open(format, language, listener);
            HttpTranslator apertium = new HttpTranslator(engines, apyRoot, null, new ApertiumApyProtocol(), HttpTranslator.Limits.DEFAULTS);
            EspeakSpeech espeak = new EspeakSpeech(engines, new EspeakSpeech.Settings(Path.of("/usr/bin/espeak-ng"), "", 175, 2, 8,
                    EspeakSpeech.Limits.DEFAULTS), TextToSpeechMetrics.NONE);
            byte[] spanishSpeech = espeak(engines, espeak, "tres cuatro", "es");

            try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.TRANSLATION, "en", "es", CallStatus.IN_PROGRESS,
                    new InterpreterRig.Engines(byLanguage, apertium, espeak))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> rig.b.listener != null && rig.a.heardPrompts() >= 1 && rig.b.heardPrompts() >= 1);
                int aBefore = rig.a.receivedAudio().length;
                int bBefore = rig.b.receivedAudio().length;

                rig.say(rig.a, "one two", 1000);
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.speech().size() == 1);
                byte[] quiet = new byte[8000];
                Arrays.fill(quiet, (byte) 0xFF);
                rig.b.send(concat(spanishSpeech, quiet));
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.speech().size() == 2);

                List<TranscriptEntry> said = rig.speech();
                assertThat(said.get(0).speaker()).isEqualTo(TranscriptEntry.Speaker.A);
                assertThat(said.get(0).text()).isEqualTo("one two");
                assertThat(said.get(0).translation().toLowerCase()).isEqualTo("uno dos");
                assertThat(said.get(1).speaker()).isEqualTo(TranscriptEntry.Speaker.B);
                assertThat(said.get(1).text()).isEqualTo("tres cuatro");
                assertThat(said.get(1).translation().toLowerCase()).isEqualTo("three four");
                byte[] toB = Arrays.copyOfRange(rig.b.receivedAudio(), bBefore, rig.b.receivedAudio().length);
                byte[] toA = Arrays.copyOfRange(rig.a.receivedAudio(), aBefore, rig.a.receivedAudio().length);
                assertThat(toB.length).as("espeak-ng saying 'uno dos' to B").isGreaterThan(8 * 400);
                assertThat(toA.length).as("espeak-ng saying 'three four' to A").isGreaterThan(8 * 400);
                assertThat(rms(toB)).as("speech, not silence").isGreaterThan(500);
                assertThat(rms(toA)).as("speech, not silence").isGreaterThan(500);
            } finally {
                sphinx.close();
                apertium.close().await();
                espeak.close();
            }
        } finally {
            engines.close().await();
        }
    }

    /** espeak-ng's speech for {@code text}, μ-law 8 kHz: what B "says". */
    private static byte[] espeak(Vertx vertx, EspeakSpeech espeak, String text, String language) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> espeak.speak(text, language, AudioFormat.PCMU_8K, new SpeechListener() {
            public void onAudio(AudioChunk frame) {
                out.writeBytes(frame.data());
            }

            public void onEnd() {
                done.complete(null);
            }

            public void onFailure(dev.callbridge.engine.EngineFailure failure) {
                done.completeExceptionally(failure);
            }
        }));
        done.get(30, TimeUnit.SECONDS);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static double rms(byte[] ulaw) {
        double sum = 0;
        for (byte b : ulaw) {
            int s = G711.ulawToLinear(b);
            sum += (double) s * s;
        }
        return Math.sqrt(sum / Math.max(1, ulaw.length));
    }
}
