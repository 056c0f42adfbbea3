package dev.callbridge.agent.interpreter;

import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.SpokenAudio;
import dev.callbridge.call.Call;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.CallAudioTap;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.Leg;
import dev.callbridge.call.LegListener;
import dev.callbridge.call.Provider;
import dev.callbridge.call.TranscriptEntry;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.Transcript;
import dev.callbridge.engine.translate.Translation;
import dev.callbridge.engine.translate.Translator;
import dev.callbridge.engine.tts.SpeechListener;
import dev.callbridge.engine.tts.TextToSpeech;
import dev.callbridge.engine.vad.SileroModel;
import dev.callbridge.engine.vad.VadSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One interpreted call with the real {@link Call}, the real agent and the real Silero VAD, and in-process
 * engines that answer from a script: speech to text says the next scripted line for the speaker's
 * language, the translator answers {@code [to] text}, and speech synthesis gives one 20 ms frame per word.
 * The two parties' legs play their audio out at real time and hand tags back as it is "heard". Speech
 * going in is real (FreeTTS), so the VAD has something to find.
 */
final class InterpreterRig implements AutoCloseable {
    static final AudioFormat FORMAT = AudioFormat.PCMU_8K;
    private static SileroModel model;

    final Vertx vertx = Vertx.vertx();
    final Context context = vertx.getOrCreateContext();
    final List<CallEvent> events = new CopyOnWriteArrayList<>();
    final CallRegistry registry;
    final PhoneLeg a = new PhoneLeg("a");
    final PhoneLeg b = new PhoneLeg("b");
    final ScriptedStt stt = new ScriptedStt();
    final ScriptedTranslator translator = new ScriptedTranslator();
    final WordTts tts = new WordTts();
    /** What B does when dialled: answer ({@code in-progress}), or a final status such as busy. */
    private final CallStatus bAnswers;
    final Call call;

    InterpreterRig(InterpreterAgent.Mix mix, String languageA, String languageB) {
        this(mix, languageA, languageB, CallStatus.IN_PROGRESS);
    }

    InterpreterRig(InterpreterAgent.Mix mix, String languageA, String languageB, CallStatus bAnswers) {
        this(mix, languageA, languageB, bAnswers, null);
    }

    /** The engines a rig runs on, when not its scripted ones. */
    record Engines(SpeechToText stt, Translator translator, TextToSpeech tts) {}

    InterpreterRig(InterpreterAgent.Mix mix, String languageA, String languageB, CallStatus bAnswers, Engines real) {
        this.bAnswers = bAnswers;
        synchronized (InterpreterRig.class) {
            if (model == null) model = SileroModel.load();
        }
        CallEventBus bus = new CallEventBus();
        bus.subscribe(events::add);
        registry = new CallRegistry(4, bus, Clock.systemUTC(), r -> events.add(new CallEvent.Error(r.id(), "remote-hangup", r.providerCallId(),
                java.time.Instant.now())), CallAudioTap.Opener.NONE, this::dialB);
        Interpretation interpretation = new Interpretation(new Interpretation.Languages(languageA, languageB),
                new Interpretation.Party(Provider.TWILIO, "+34911222333", "+15550001111", null, null));
        call = registry.create(new CallRegistry.NewCall(Provider.TWILIO, "CA-a", Direction.INBOUND, "+15551230000", "+15550001111",
                CallStatus.RINGING, "interpreter", languageA, Map.of(), null, interpretation), context).orElseThrow();
        InterpreterAgent.Shared shared = new InterpreterAgent.Shared(model.factory(VadSettings.DEFAULTS),
                real == null ? stt : real.stt(), real == null ? translator : real.translator(), real == null ? tts : real.tts(),
                InterpreterAgent.Breakers.standard(), InterpreterMetrics.NONE);
        InterpreterAgent.Settings settings = new InterpreterAgent.Settings(Duration.ofMillis(400), InterpreterAgent.Settings.PIECE_AFTER_MILLIS,
                mix, Duration.ofSeconds(10), Duration.ofSeconds(5));
        context.runOnContext(v -> call.attach(a, new InterpreterAgent(settings, shared), "CA-a"));
    }

    private Future<String> dialB(Call dialled) {
        CallStatus outcome = bAnswers;
        vertx.setTimer(100, t -> {
            if (outcome == CallStatus.IN_PROGRESS) context.runOnContext(v -> dialled.attachParty(b, "CA-b"));
            else dialled.execute(() -> dialled.partyProgress(outcome, "CA-b"));
        });
        return Future.succeededFuture("CA-b");
    }

    /** Waits until B is on the call and both have heard their "connected" prompt. */
    void awaitConnected() {
        await().atMost(Duration.ofSeconds(10)).until(() -> b.listener != null && a.heardPrompts() >= 1 && b.heardPrompts() >= 1);
    }

    /** {@code party} says {@code text} (real speech), then is silent for {@code silenceMs}; in real time. */
    void say(PhoneLeg party, String text, int silenceMs) {
        byte[] speech = SpokenAudio.chunk(text, FORMAT).data();
        byte[] quiet = new byte[silenceMs * 8];
        Arrays.fill(quiet, (byte) 0xFF);
        byte[] all = new byte[speech.length + quiet.length];
        System.arraycopy(speech, 0, all, 0, speech.length);
        System.arraycopy(quiet, 0, all, speech.length, quiet.length);
        party.send(all);
    }

    List<TranscriptEntry> entries() {
        return events.stream().filter(e -> e instanceof CallEvent.Transcript).map(e -> ((CallEvent.Transcript) e).entry()).toList();
    }

    List<TranscriptEntry> speech() {
        return entries().stream().filter(e -> e.kind() == TranscriptEntry.Kind.SPEECH).toList();
    }

    CallRecord finalRecord() {
        await().atMost(Duration.ofSeconds(15)).until(call::isEnded);
        return call.record();
    }

    @Override
    public void close() {
        call.execute(() -> call.hangup(EndReason.API_HANGUP));
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** A phone party: audio in at real time, audio out played at real time with its tags handed back as heard. */
    final class PhoneLeg implements Leg {
        final String name;
        volatile LegListener listener;
        /** Every chunk played to this party, in order, as {@code text} when it was speech from {@link WordTts}. */
        final List<String> heard = new CopyOnWriteArrayList<>();
        final List<String> dtmfSent = new CopyOnWriteArrayList<>();
        /** The size of every non-empty chunk played to this party, in order. */
        final List<Integer> chunkSizes = new CopyOnWriteArrayList<>();
        /** Every byte of audio played to this party, in order (μ-law). */
        final java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        volatile int clears;
        volatile EndReason ended;
        private final Queue<Object[]> queue = new ArrayDeque<>();
        private long playTimer = -1;
        private int promptsHeard;

        PhoneLeg(String name) {
            this.name = name;
        }

        @Override
        public AudioFormat format() {
            return FORMAT;
        }

        @Override
        public void play(AudioChunk chunk, Object tag) {
            queue.add(new Object[] {chunk, tag});
            if (playTimer < 0) playTimer = vertx.setPeriodic(20, id -> playOne());
        }

        private void playOne() {
            Object[] next = queue.poll();
            if (next == null) return;
            AudioChunk chunk = (AudioChunk) next[0];
            synchronized (received) {
                received.writeBytes(chunk.data());
            }
            if (chunk.data().length > 0) chunkSizes.add(chunk.data().length);
            String word = tts.wordOf(chunk);
            if (word != null) heard.add(word);
            Object tag = next[1];
            // Empty chunks are positions: everything before them is heard, so hand back at once with the next one.
            while (queue.peek() != null && ((AudioChunk) queue.peek()[0]).data().length == 0) {
                if (tag != null) ack(tag);
                tag = queue.poll()[1];
            }
            if (tag != null) ack(tag);
        }

        private void ack(Object tag) {
            if (tag instanceof SpokenPromptPlayer.PromptHeard) promptsHeard++;
            if (listener != null) listener.onHeard(tag);
        }

        synchronized int heardPrompts() {
            return promptsHeard;
        }

        @Override
        public void clear() {
            queue.clear();
            clears++;
        }

        @Override
        public void sendDtmf(String digits) {
            dtmfSent.add(digits);
        }

        @Override
        public Future<Void> transfer(String destination) {
            return Future.failedFuture("not here");
        }

        @Override
        public void hangup(EndReason reason) {
            if (ended != null) return;
            ended = reason;
            if (playTimer >= 0) vertx.cancelTimer(playTimer);
            if (listener != null) listener.onEnded(reason);
        }

        @Override
        public void listen(LegListener l) {
            listener = l;
        }

        byte[] receivedAudio() {
            synchronized (received) {
                return received.toByteArray();
            }
        }

        /** The party's audio, frame by frame at real time, on the call's context. */
        void send(byte[] ulaw) {
            for (int off = 0, i = 0; off + 160 <= ulaw.length; off += 160, i++) {
                byte[] frame = Arrays.copyOfRange(ulaw, off, off + 160);
                vertx.setTimer(1 + i * 20L, t -> call.execute(() -> listener.onAudio(new AudioChunk(FORMAT, frame))));
            }
            sleep(ulaw.length / 8 + 40);
        }

        void pressKey(char digit) {
            call.execute(() -> listener.onDtmf(digit));
        }

        void hangUp() {
            call.execute(() -> listener.onEnded(EndReason.CALLER_HANGUP));
        }
    }

    /** Speech to text from a script: each finished utterance in a language is that language's next line. */
    static final class ScriptedStt implements SpeechToText {
        final Map<String, Queue<String>> lines = new ConcurrentHashMap<>();
        final List<String> languagesAsked = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        void script(String language, String... says) {
            lines.computeIfAbsent(language, l -> new java.util.concurrent.ConcurrentLinkedQueue<>()).addAll(List.of(says));
        }

        @Override
        public Session open(AudioFormat format, String language, Listener listener) {
            languagesAsked.add(language);
            Context ctx = Vertx.currentContext();
            return new Session() {
                boolean over;

                public void audio(AudioChunk chunk) { }

                public void endOfUtterance() {
                    if (over) return;
                    over = true;
                    ctx.owner().setTimer(30, t -> {
                        if (failing) {
                            listener.onFailure(EngineFailure.of(EngineFailure.Engine.STT, EngineFailure.Kind.REJECTED, "scripted refusal"));
                            return;
                        }
                        Queue<String> q = lines.get(language);
                        String text = q == null || q.isEmpty() ? "" : q.poll();
                        listener.onFinal(new Transcript(text, language, Duration.ZERO, Duration.ofMillis(30)));
                    });
                }

                public void cancel() {
                    over = true;
                }
            };
        }
    }

    /** Answers {@code [to] text} after a short while, or fails on demand. */
    static final class ScriptedTranslator implements Translator {
        volatile boolean failing;
        volatile long delayMs = 20;
        /** A slower answer for one text, to make answers come back out of order. */
        final Map<String, Long> delayFor = new ConcurrentHashMap<>();
        final List<String> asked = new CopyOnWriteArrayList<>();

        @Override
        public Future<Translation> translate(String text, String from, String to) {
            asked.add(from + "→" + to + ": " + text);
            io.vertx.core.Promise<Translation> p = io.vertx.core.Promise.promise();
            long delay = delayFor.getOrDefault(text, delayMs);
            Vertx.currentContext().owner().setTimer(delay, t -> {
                if (failing) p.fail(EngineFailure.of(EngineFailure.Engine.TRANSLATE, EngineFailure.Kind.REJECTED, "scripted refusal"));
                else p.complete(new Translation("[" + to + "] " + text, Duration.ofMillis(delay), "scripted"));
            });
            return p.future();
        }
    }

    /**
     * Speech synthesis that gives one 20 ms frame per word; each frame's bytes encode the word's index in
     * {@link #words}, so a leg can tell which word it played.
     */
    static final class WordTts implements TextToSpeech {
        final List<String> words = new CopyOnWriteArrayList<>();
        final List<String> spoken = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public dev.callbridge.engine.tts.Synthesis speak(String text, String language, AudioFormat out, SpeechListener listener) {
            spoken.add(language + ": " + text);
            boolean[] cancelled = {false};
            List<String> ws = List.of(text.split("\\s+"));
            Vertx vertx = Vertx.currentContext().owner();
            vertx.setTimer(10, t -> {
                if (cancelled[0]) return;
                if (failing) {
                    listener.onFailure(EngineFailure.of(EngineFailure.Engine.TTS, EngineFailure.Kind.REJECTED, "scripted refusal"));
                    return;
                }
                for (String w : ws) {
                    int index;
                    synchronized (words) {
                        words.add(w);
                        index = words.size() - 1;
                    }
                    byte[] frame = new byte[160];
                    Arrays.fill(frame, (byte) 0x7F);
                    frame[0] = (byte) 0x5A;
                    frame[1] = (byte) (index >> 8);
                    frame[2] = (byte) index;
                    listener.onAudio(new AudioChunk(out, frame));
                }
                listener.onEnd();
            });
            return () -> cancelled[0] = true;
        }

        /** The word a frame of ours carries, or null for other audio (prompts carry words too). */
        String wordOf(AudioChunk chunk) {
            byte[] d = chunk.data();
            if (d.length != 160 || d[0] != (byte) 0x5A) return null;
            int index = ((d[1] & 0xFF) << 8) | (d[2] & 0xFF);
            return index < words.size() ? words.get(index) : null;
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
