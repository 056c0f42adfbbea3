package dev.callbridge.config;

import dev.callbridge.engine.stt.sphinx.SphinxGrammar;
import dev.callbridge.engine.vad.VadSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The pipeline's engine variables ({@code STT*}, {@code LLM*}, {@code TTS*}, {@code TRANSLATE*}, {@code VAD*}) read into
 * {@link Config}'s records. Each engine's defaults depend on the engine chosen; a missing key or a
 * bad combination stops start-up with one line naming the variable.
 */
final class EngineConfigReader {
    private EngineConfigReader() {}

    static Config.Vad vad(EnvReader r) {
        VadSettings settings = VadSettings.DEFAULTS
                .withThreshold(r.decimal("VAD_THRESHOLD", VadSettings.DEFAULTS.threshold(), 0.01, 0.99))
                .withMinSpeechMs(r.integer("VAD_MIN_SPEECH_MS", VadSettings.DEFAULTS.minSpeechMs(), 0, 10_000))
                .withMinSilenceMs(r.integer("VAD_MIN_SILENCE_MS", VadSettings.DEFAULTS.minSilenceMs(), 0, 10_000));
        return new Config.Vad(r.choice("VAD", Config.VadEngine.class, Config.VadEngine.SILERO), settings);
    }

    /** {@code AGENT=pipeline} needs every engine; naming the missing ones saves a round of trial and error. */
    static void requirePipeline(Config.Llm llm, Config.Stt stt, Config.Tts tts, Config.Vad vad) {
        List<String> missing = new ArrayList<>();
        if (!stt.enabled()) missing.add("STT");
        if (!llm.enabled()) missing.add("LLM");
        if (!tts.enabled()) missing.add("TTS");
        if (!missing.isEmpty()) {
            throw new ConfigException("AGENT", "pipeline needs STT, LLM and TTS engines; set " + String.join(", ", missing)
                    + " (e.g. STT=openai LLM=openai TTS=openai)");
        }
        if (vad.engine() == Config.VadEngine.OFF) throw new ConfigException("VAD", "off, but AGENT=pipeline needs a VAD for turn-taking (VAD=silero)");
    }

    /**
     * The interpreter hears each party (STT), translates (TRANSLATE) and speaks to the other (TTS), and a
     * VAD finds where each utterance ends. {@code what} reads before "needs": {@code interpreter} for {@code AGENT}.
     */
    static void requireInterpreter(String variable, String what, Config.Stt stt, Config.Tts tts, Config.Translate translate, Config.Vad vad) {
        List<String> missing = new ArrayList<>();
        if (!stt.enabled()) missing.add("STT");
        if (!tts.enabled()) missing.add("TTS");
        if (!translate.enabled()) missing.add("TRANSLATE");
        if (!missing.isEmpty()) {
            throw new ConfigException(variable, what + " needs STT, TTS and TRANSLATE engines; set " + String.join(", ", missing)
                    + " (e.g. STT=openai TTS=openai TRANSLATE=llm)");
        }
        if (vad.engine() == Config.VadEngine.OFF) {
            throw new ConfigException("VAD", "off, but " + variable + (variable.equals("AGENT") ? "=interpreter" : "")
                    + " needs a VAD to find where each utterance ends (VAD=silero)");
        }
    }

    static Config.Llm llm(EnvReader r) {
        String engine = r.raw("LLM") == null ? null : r.oneOf("LLM", null, Set.of("openai"));
        URI url = r.httpUrl("LLM_URL", "https://api.openai.com/v1");
        boolean openAi = url.getHost().equalsIgnoreCase("api.openai.com");
        Secret key = Secret.ofNullable(r.raw("LLM_API_KEY"));
        String model = r.raw("LLM_MODEL");
        String usage = r.oneOf("LLM_STREAM_USAGE", "auto", Set.of("auto", "on", "off"));
        Duration timeout = Duration.ofMillis(r.integer("LLM_TIMEOUT_MS", 10_000, 100, 300_000));
        if (engine != null) {
            if (openAi && key == null) throw new ConfigException("LLM_API_KEY", "required when LLM_URL is api.openai.com");
            // Another server's models have other names; guessing one would fail on the first call, mid-call.
            if (!openAi && model == null) throw new ConfigException("LLM_MODEL", "required when LLM_URL is not api.openai.com (e.g. llama3.1 for Ollama)");
        }
        return new Config.Llm(engine, url, key, model != null ? model : "gpt-4o-mini",
                usage.equals("on") || (usage.equals("auto") && openAi), timeout);
    }

    static Config.Stt stt(EnvReader r) {
        String engine = r.raw("STT") == null ? null : r.oneOf("STT", null, Set.of("openai", "deepgram", "sphinx"));
        int workers = r.integer("STT_WORKERS", 2, 1, 16);
        if ("deepgram".equals(engine)) return deepgram(r, workers);
        URI url = r.httpUrl("STT_URL", "https://api.openai.com/v1");
        boolean openAi = url.getHost().equalsIgnoreCase("api.openai.com");
        Secret key = Secret.ofNullable(r.raw("STT_API_KEY"));
        String model = r.raw("STT_MODEL");
        Duration timeout = Duration.ofMillis(r.integer("STT_TIMEOUT_MS", 15_000, 100, 300_000));
        SphinxGrammar grammar = null;
        if ("openai".equals(engine)) {
            if (openAi && key == null) throw new ConfigException("STT_API_KEY", "required when STT_URL is api.openai.com");
            if (!openAi && model == null) {
                throw new ConfigException("STT_MODEL", "required when STT_URL is not api.openai.com (e.g. Systran/faster-whisper-small for speaches)");
            }
        } else if ("sphinx".equals(engine)) {
            // STT_URL, STT_API_KEY and STT_MODEL mean nothing to an engine in process: they are ignored.
            try {
                grammar = SphinxGrammar.of(r.string("STT_GRAMMAR", SphinxGrammar.DEFAULT));
            } catch (SphinxGrammar.Unusable e) {
                throw new ConfigException("STT_GRAMMAR", e.getMessage());
            }
        }
        return new Config.Stt(engine, url, key, model != null ? model : "gpt-4o-mini-transcribe", timeout, grammar, workers);
    }

    /** Deepgram's live WebSocket: a wss URL, a key for Deepgram's own service, and a streaming answer's shorter wait. */
    private static Config.Stt deepgram(EnvReader r, int workers) {
        URI url = r.url("STT_URL", "wss://api.deepgram.com/v1/listen", Set.of("ws", "wss"));
        Secret key = Secret.ofNullable(r.raw("STT_API_KEY"));
        if (key == null && url.getHost().equalsIgnoreCase("api.deepgram.com")) {
            throw new ConfigException("STT_API_KEY", "required when STT_URL is api.deepgram.com");
        }
        // The final follows the end of speech within a second; 15 s of dead air would be a failure anyway.
        Duration timeout = Duration.ofMillis(r.integer("STT_TIMEOUT_MS", 5_000, 100, 300_000));
        return new Config.Stt("deepgram", url, key, r.string("STT_MODEL", "nova-3"), timeout, null, workers);
    }

    static Config.Tts tts(EnvReader r) {
        String engine = r.raw("TTS") == null ? null : r.oneOf("TTS", null, Set.of("openai", "elevenlabs", "espeak"));
        int wordsPerMinute = r.integer("TTS_SPEED", 175, 80, 450); // espeak-ng's own range
        int workers = r.integer("TTS_WORKERS", 2 * Runtime.getRuntime().availableProcessors(), 1, 256);
        if ("elevenlabs".equals(engine)) return elevenLabsTts(r, wordsPerMinute, workers);
        if ("espeak".equals(engine)) return espeakTts(r, wordsPerMinute, workers);
        return openAiTts(r, engine, wordsPerMinute, workers);
    }

    private static Config.Tts openAiTts(EnvReader r, String engine, int wordsPerMinute, int workers) {
        URI url = r.httpUrl("TTS_URL", "https://api.openai.com/v1");
        boolean openAi = url.getHost().equalsIgnoreCase("api.openai.com");
        Secret key = Secret.ofNullable(r.raw("TTS_API_KEY"));
        String model = r.raw("TTS_MODEL");
        String voice = r.raw("TTS_VOICE");
        if (engine != null) {
            if (openAi && key == null) throw new ConfigException("TTS_API_KEY", "required when TTS_URL is api.openai.com");
            // Another server's models have other names; guessing one would fail on the first sentence, mid-call.
            if (!openAi && model == null) throw new ConfigException("TTS_MODEL", "required when TTS_URL is not api.openai.com (e.g. kokoro for Kokoro-FastAPI)");
        }
        return new Config.Tts(engine, url, key, model != null ? model : "gpt-4o-mini-tts", voice != null ? voice : "alloy", null, wordsPerMinute, workers);
    }

    /** ElevenLabs has no default voice worth guessing: ids are opaque, and a wrong one fails on the first sentence, mid-call. */
    private static Config.Tts elevenLabsTts(EnvReader r, int wordsPerMinute, int workers) {
        URI url = r.url("TTS_URL", "wss://api.elevenlabs.io/v1", Set.of("ws", "wss"));
        Secret key = Secret.ofNullable(r.raw("TTS_API_KEY"));
        String voice = r.raw("TTS_VOICE");
        if (url.getHost().equalsIgnoreCase("api.elevenlabs.io") && key == null) {
            throw new ConfigException("TTS_API_KEY", "required when TTS_URL is api.elevenlabs.io (the xi-api-key)");
        }
        if (voice == null) throw new ConfigException("TTS_VOICE", "required for TTS=elevenlabs: a voice id, e.g. 21m00Tcm4TlvDq8ikWAM");
        return new Config.Tts("elevenlabs", url, key, r.string("TTS_MODEL", "eleven_flash_v2_5"), voice, null, wordsPerMinute, workers);
    }

    private static Config.Tts espeakTts(EnvReader r, int wordsPerMinute, int workers) {
        String voice = r.raw("TTS_VOICE");
        // An argument of its own, never a shell word; still, one starting with '-' would read as an option.
        if (voice != null && !voice.matches("[A-Za-z0-9][A-Za-z0-9_+./-]*")) {
            throw new ConfigException("TTS_VOICE", "must be an espeak-ng voice like en-us or en-us+f3 (espeak-ng --voices), got '" + voice + "'");
        }
        Path command = executable("TTS_COMMAND", r.string("TTS_COMMAND", "espeak-ng"), r.raw("PATH"), "apt-get install espeak-ng");
        return new Config.Tts("espeak", null, null, null, voice, command, wordsPerMinute, workers);
    }

    /**
     * LibreTranslate and Apertium are self-hosted, so there is no URL worth guessing; DeepL's host
     * follows its key, as DeepL's own client libraries do: a free key ends in {@code :fx}.
     */
    static Config.Translate translate(EnvReader r) {
        String engine = r.raw("TRANSLATE") == null ? null : r.oneOf("TRANSLATE", null, Set.of("llm", "libretranslate", "deepl", "apertium"));
        Secret key = Secret.ofNullable(r.raw("TRANSLATE_API_KEY"));
        Duration timeout = Duration.ofMillis(r.integer("TRANSLATE_TIMEOUT_MS", 5_000, 100, 60_000));
        if (engine == null) return new Config.Translate(null, null, key, null, timeout);
        if (engine.equals("llm")) return llmTranslate(r, key, timeout);
        URI url = switch (engine) {
            case "deepl" -> {
                if (key == null) throw new ConfigException("TRANSLATE_API_KEY", "required for TRANSLATE=deepl (DeepL-Auth-Key)");
                yield r.httpUrl("TRANSLATE_URL", key.reveal().endsWith(":fx") ? "https://api-free.deepl.com" : "https://api.deepl.com");
            }
            case "libretranslate" -> requiredUrl(r, engine, "the LibreTranslate server's root, e.g. http://localhost:5000");
            default -> requiredUrl(r, engine, "the apertium-apy server's root, e.g. http://localhost:2737");
        };
        return new Config.Translate(engine, url, key, null, timeout);
    }

    /** The chat model's own settings, each overridden by its {@code TRANSLATE_*} twin: a cheaper model may translate. */
    private static Config.Translate llmTranslate(EnvReader r, Secret translateKey, Duration timeout) {
        boolean ownUrl = r.raw("TRANSLATE_URL") != null;
        URI url = ownUrl ? r.httpUrl("TRANSLATE_URL", null) : r.httpUrl("LLM_URL", "https://api.openai.com/v1");
        String urlVariable = ownUrl ? "TRANSLATE_URL" : "LLM_URL";
        boolean openAi = url.getHost().equalsIgnoreCase("api.openai.com");
        Secret key = translateKey != null ? translateKey : Secret.ofNullable(r.raw("LLM_API_KEY"));
        String model = r.raw("TRANSLATE_MODEL") != null ? r.raw("TRANSLATE_MODEL") : r.raw("LLM_MODEL");
        if (openAi && key == null) throw new ConfigException("TRANSLATE_API_KEY", "required for TRANSLATE=llm when " + urlVariable + " is api.openai.com (or set LLM_API_KEY)");
        if (!openAi && model == null) throw new ConfigException("TRANSLATE_MODEL", "required for TRANSLATE=llm when " + urlVariable + " is not api.openai.com (or set LLM_MODEL)");
        return new Config.Translate("llm", url, key, model != null ? model : "gpt-4o-mini", timeout);
    }

    private static URI requiredUrl(EnvReader r, String engine, String what) {
        if (r.raw("TRANSLATE_URL") == null) throw new ConfigException("TRANSLATE_URL", "required for TRANSLATE=" + engine + ": " + what);
        return r.httpUrl("TRANSLATE_URL", null);
    }

    /**
     * A program as a path, absolute or looked up in {@code PATH} (the environment's, else this
     * process's) as a shell would, so a missing one stops start-up instead of failing the first call.
     */
    private static Path executable(String variable, String name, String searchPath, String installHint) {
        if (name.contains("/")) {
            Path file = Path.of(name).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file) || !Files.isExecutable(file)) throw new ConfigException(variable, file + " is not an executable file");
            return file;
        }
        String dirs = searchPath != null ? searchPath : System.getenv("PATH");
        for (String dir : (dirs == null ? "" : dirs).split(":")) {
            if (dir.isEmpty()) continue;
            Path file = Path.of(dir, name);
            if (Files.isRegularFile(file) && Files.isExecutable(file)) return file.toAbsolutePath();
        }
        throw new ConfigException(variable, name + " not found on PATH; " + installHint);
    }
}
