package dev.callbridge.engine;

import dev.callbridge.config.Config;
import dev.callbridge.config.Config.VadEngine;
import dev.callbridge.engine.deepgram.DeepgramSpeechToText;
import dev.callbridge.engine.llm.ChatCompletionsClient;
import dev.callbridge.engine.llm.ChatModel;
import dev.callbridge.engine.llm.ChatModelMetrics;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.TranscriptionsClient;
import dev.callbridge.engine.tts.ElevenLabsSpeechClient;
import dev.callbridge.engine.tts.EspeakSpeech;
import dev.callbridge.engine.stt.sphinx.SphinxSpeechToText;
import dev.callbridge.engine.tts.OpenAiSpeechClient;
import dev.callbridge.engine.tts.TextToSpeech;
import dev.callbridge.engine.translate.ApertiumApyProtocol;
import dev.callbridge.engine.translate.ChatTranslator;
import dev.callbridge.engine.translate.DeepLProtocol;
import dev.callbridge.engine.translate.HttpTranslator;
import dev.callbridge.engine.translate.LibreTranslateProtocol;
import dev.callbridge.engine.translate.TranslationProtocol;
import dev.callbridge.engine.translate.Translator;
import dev.callbridge.engine.vad.SileroModel;
import dev.callbridge.engine.vad.VoiceActivity;
import dev.callbridge.metrics.GatewayMetrics;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The cascaded pipeline's engines as this configuration sets them up, built once at start-up and
 * shared by every call. Each is null when its variables are unset. An engine is set up whenever
 * its variables are set, whatever {@code AGENT} says, so one call can ask for {@code pipeline}
 * while the default stays {@code echo}. The VAD model is loaded only when there is something for
 * it to do: a pipeline or an interpreter that can run.
 */
public final class Engines implements AutoCloseable {
    private final VoiceActivity.Factory vad;
    private final SpeechToText stt;
    private final ChatModel llm;
    private final TextToSpeech tts;
    private final Translator translator;
    private final List<AutoCloseable> owned;

    public Engines(VoiceActivity.Factory vad, SpeechToText stt, ChatModel llm, TextToSpeech tts, Translator translator,
                   List<AutoCloseable> owned) {
        this.vad = vad;
        this.stt = stt;
        this.llm = llm;
        this.tts = tts;
        this.translator = translator;
        this.owned = List.copyOf(owned);
    }

    /**
     * Builds the configured engines. Blocking (Sphinx loads its recognizers, Silero its model): call it
     * at start-up, off the event loop. If one cannot be built, those already built are closed.
     */
    public static Engines from(Config config, Vertx vertx, GatewayMetrics metrics) {
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            SpeechToText stt = speechToText(config.stt(), vertx, metrics, owned);
            ChatModel llm = chatModel(config.llm(), vertx, metrics, owned);
            TextToSpeech tts = textToSpeech(config.tts(), vertx, metrics, owned);
            Translator translator = translator(config.translate(), vertx, owned);
            VoiceActivity.Factory vad = null;
            // Only for an agent that listens for turns: a pipeline (STT, LLM, TTS) or the interpreter (STT, TRANSLATE, TTS).
            if (stt != null && tts != null && (llm != null || translator != null) && config.vad().engine() == VadEngine.SILERO) {
                SileroModel model = SileroModel.load();
                owned.add(model);
                vad = model.factory(config.vad().settings());
            }
            return new Engines(vad, stt, llm, tts, translator, owned);
        } catch (RuntimeException e) {
            new Engines(null, null, null, null, null, owned).close();
            throw e;
        }
    }

    private static SpeechToText speechToText(Config.Stt c, Vertx vertx, GatewayMetrics metrics, List<AutoCloseable> owned) {
        if (!c.enabled()) return null;
        return switch (c.engine()) {
            case "openai" -> {
                TranscriptionsClient client = new TranscriptionsClient(vertx, TranscriptionsClient.Settings.from(c), metrics.speechToText());
                owned.add(() -> client.close());
                yield client;
            }
            case "deepgram" -> {
                DeepgramSpeechToText client = new DeepgramSpeechToText(vertx, DeepgramSpeechToText.Settings.from(c), metrics.speechToText());
                owned.add(() -> client.close());
                yield client;
            }
            case "sphinx" -> {
                // Loads the recognizers, seconds each: the grammar was checked with the configuration.
                SphinxSpeechToText engine = SphinxSpeechToText.load(vertx, SphinxSpeechToText.Settings.from(c), metrics.speechToText());
                owned.add(engine);
                yield engine;
            }
            default -> throw new IllegalStateException("no STT engine named " + c.engine());
        };
    }

    private static ChatModel chatModel(Config.Llm c, Vertx vertx, GatewayMetrics metrics, List<AutoCloseable> owned) {
        if (!c.enabled()) return null;
        return switch (c.engine()) {
            case "openai" -> {
                ChatCompletionsClient client = new ChatCompletionsClient(vertx, ChatCompletionsClient.Settings.from(c), metrics.chatModel());
                owned.add(() -> client.close());
                yield client;
            }
            default -> throw new IllegalStateException("no LLM engine named " + c.engine());
        };
    }

    private static TextToSpeech textToSpeech(Config.Tts c, Vertx vertx, GatewayMetrics metrics, List<AutoCloseable> owned) {
        if (!c.enabled()) return null;
        return switch (c.engine()) {
            case "openai" -> {
                OpenAiSpeechClient client = new OpenAiSpeechClient(vertx, OpenAiSpeechClient.Settings.from(c), metrics.textToSpeech());
                owned.add(() -> client.close());
                yield client;
            }
            case "elevenlabs" -> {
                ElevenLabsSpeechClient client = new ElevenLabsSpeechClient(vertx, ElevenLabsSpeechClient.Settings.from(c), metrics.textToSpeech());
                owned.add(() -> client.close());
                yield client;
            }
            case "espeak" -> {
                EspeakSpeech engine = new EspeakSpeech(vertx, EspeakSpeech.Settings.from(c), metrics.textToSpeech());
                owned.add(engine);
                yield engine;
            }
            default -> throw new IllegalStateException("no TTS engine named " + c.engine());
        };
    }

    /**
     * Every translation API is one HTTP request per text, only the codec differing; {@code llm} is a chat
     * client of its own (its URL, key or model may differ from the pipeline's), uncounted in the LLM's
     * metrics so translations do not blur the pipeline's figures.
     */
    private static Translator translator(Config.Translate c, Vertx vertx, List<AutoCloseable> owned) {
        if (!c.enabled()) return null;
        if (c.engine().equals("llm")) {
            ChatCompletionsClient chat = new ChatCompletionsClient(vertx, new ChatCompletionsClient.Settings(c.url(), c.apiKey(), c.model(), false,
                    ChatCompletionsClient.Limits.DEFAULTS.withTimeouts(c.timeout(), c.timeout())), ChatModelMetrics.NONE);
            owned.add(() -> chat.close());
            return new ChatTranslator(vertx, chat, c.timeout());
        }
        TranslationProtocol protocol = switch (c.engine()) {
            case "libretranslate" -> new LibreTranslateProtocol(c.apiKey());
            case "deepl" -> new DeepLProtocol(c.apiKey());
            case "apertium" -> new ApertiumApyProtocol();
            default -> throw new IllegalStateException("no TRANSLATE engine named " + c.engine());
        };
        HttpTranslator client = new HttpTranslator(vertx, c.url(), c.apiKey(), protocol, HttpTranslator.Limits.DEFAULTS.withAnswer(c.timeout()));
        owned.add(() -> client.close());
        return client;
    }

    /** Speech to text, or null when {@code STT} is unset. */
    public SpeechToText stt() {
        return stt;
    }

    /** The text model, or null when {@code LLM} is unset. */
    public ChatModel llm() {
        return llm;
    }

    /** Speech synthesis, or null when {@code TTS} is unset. */
    public TextToSpeech tts() {
        return tts;
    }

    /** Text translation, or null when {@code TRANSLATE} is unset. */
    public Translator translator() {
        return translator;
    }

    /** Per-call voice activity detectors, or null when {@code VAD=off} or neither a pipeline nor the interpreter can run. */
    public VoiceActivity.Factory vad() {
        return vad;
    }

    /** A pipeline needs all three seams and a VAD. */
    public boolean canRunPipeline() {
        return stt != null && llm != null && tts != null && vad != null;
    }

    /** The live interpreter hears (STT), translates, speaks (TTS), and needs a VAD to find each utterance. */
    public boolean canRunInterpreter() {
        return stt != null && tts != null && translator != null && vad != null;
    }

    /** Closes what the engines hold (HTTP clients, the translator's among them, Sphinx recognizers, espeak-ng's workers and processes, the VAD model), last made first. */
    @Override
    public void close() {
        for (AutoCloseable c : owned.reversed()) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Shutting down: nothing left to do about it.
            }
        }
    }
}
