package dev.callbridge.config;

import dev.callbridge.call.E164;
import dev.callbridge.call.InterpreterNumbers;
import dev.callbridge.call.Provider;
import dev.callbridge.engine.stt.sphinx.SphinxGrammar;
import dev.callbridge.engine.vad.VadSettings;
import dev.callbridge.webhook.WebhookSettings;
import dev.callbridge.webhook.WebhookSubscription;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The whole configuration, typed and immutable, read once at start-up from the environment
 * (and {@code .env}). {@link #from} validates everything and throws {@link ConfigException}
 * naming the first bad variable. Secrets are {@link Secret}s and never print.
 */
public record Config(Http http, Storage storage, Twilio twilio, AgentSettings agent, Asterisk asterisk, Logging logging,
                     RecordingSettings recording, Llm llm, Stt stt, Tts tts, Translate translate, Vad vad,
                     Interpreter interpreter, WhatsApp whatsapp, WebhookSettings webhooks) {

    public enum StoreKind { EMBEDDED, POSTGRES, REDIS }

    public enum LogFormat { TEXT, JSON }

    /** {@code VAD}: the local voice activity engine, or none (nothing loads ONNX Runtime or the model). */
    public enum VadEngine { SILERO, OFF }

    /** {@code INTERPRETER_MIX}: what each listener of an interpreted call hears. */
    public enum InterpreterMix {
        /** Only the interpretation. */
        TRANSLATION,
        /** The other party's own voice, ducked low, under the interpretation. */
        BOTH
    }

    /**
     * @param drain         how long live calls may go on after SIGTERM before they are hung up ({@code DRAIN_SECONDS});
     *                      zero hangs them up at once
     * @param idleTimeout   an HTTP connection with nothing read or written this long is closed
     *                      ({@code HTTP_IDLE_TIMEOUT_SECONDS}); a quiet WebSocket is pinged instead
     * @param headerTimeout a request whose headers are not complete this long after their first byte is
     *                      answered 408 and its connection closed ({@code HTTP_HEADER_TIMEOUT_SECONDS})
     */
    public record Http(String host, int port, URI publicUrl, Secret apiToken, List<String> corsOrigins,
                       int maxConcurrentCalls, Duration drain, Duration idleTimeout, Duration headerTimeout) {}

    public record Storage(StoreKind kind, Path dataDir, Secret databaseUrl, Secret redisUrl, long callTtlSeconds) {}

    /**
     * @param mediaStartTimeout how long a call Twilio was told to connect may wait for its media stream
     *                          ({@code MEDIA_START_TIMEOUT_SECONDS}); then it ends {@code failed}, {@code no-media}
     */
    public record Twilio(String accountSid, Secret authToken, String phoneNumber, URI apiUrl, Duration mediaStartTimeout) {}

    /**
     * @param toolsFile           JSON array of HTTP tools for the realtime agent, or null
     * @param turnDetection       {@code server_vad} or {@code semantic_vad}
     * @param bargeInMin          pipeline: caller speech over the agent shorter than this neither interrupts nor is answered
     */
    public record AgentSettings(String name, String instructions, String greeting, Secret openAiApiKey,
                                URI openAiRealtimeUrl, String openAiRealtimeModel, String openAiVoice,
                                String turnDetection, String transcriptionModel, Path toolsFile,
                                Duration sessionRollover, Duration toolFillerAfter, Duration appendBatch, Duration bargeInMin) {}

    public record Asterisk(URI ariUrl, String username, Secret password, String app,
                           String rtpHost, int rtpPortMin, int rtpPortMax, String rtpFormat, String endpointTemplate,
                           String transferContext) {}

    public record Logging(String level, LogFormat format) {}

    /**
     * @param recordByDefault {@code RECORDING=on}: calls are recorded unless they ask not to be
     * @param retention       recordings older than this are deleted; null keeps them forever
     */
    public record RecordingSettings(boolean recordByDefault, Duration retention) {}

    /**
     * The text model of the cascaded pipeline ({@code LLM=openai}: any OpenAI-compatible chat-completions server).
     *
     * @param engine       {@code openai}, or null when {@code LLM} is unset: no LLM engine
     * @param url          base URL ending in {@code /v1} ({@code LLM_URL}); {@code /chat/completions} is appended
     * @param apiKey       bearer key ({@code LLM_API_KEY}); required for api.openai.com, optional for local servers
     * @param model        {@code LLM_MODEL}; defaults to {@code gpt-4o-mini} only on api.openai.com
     * @param includeUsage ask for the usage chunk ({@code LLM_STREAM_USAGE}); by default only on api.openai.com,
     *                     since some compatible servers refuse the whole request over {@code stream_options}
     * @param timeout      the longest wait for the first byte of an answer, and between two pieces of it
     *                     ({@code LLM_TIMEOUT_MS})
     */
    public record Llm(String engine, URI url, Secret apiKey, String model, boolean includeUsage, Duration timeout) {
        public boolean enabled() {
            return engine != null;
        }
    }

    /**
     * Speech to text for the cascaded pipeline: {@code STT=openai} is any OpenAI-compatible
     * {@code /audio/transcriptions} server (OpenAI, Groq, speaches/faster-whisper, whisper.cpp, LocalAI);
     * {@code STT=deepgram} is Deepgram's live {@code /v1/listen} WebSocket; {@code STT=sphinx} is CMU Sphinx4
     * in process with a JSGF grammar (English phone menus, yes/no, digits).
     *
     * @param engine  {@code openai}, {@code deepgram} or {@code sphinx}, or null when {@code STT} is unset: no STT engine
     * @param url     {@code STT_URL}: for openai the base URL ending in {@code /v1} ({@code /audio/transcriptions} is
     *                appended); for deepgram the live endpoint, default {@code wss://api.deepgram.com/v1/listen}
     * @param apiKey  {@code STT_API_KEY}; required for api.openai.com and api.deepgram.com, optional for local servers
     * @param model   {@code STT_MODEL}; openai: defaults to {@code gpt-4o-mini-transcribe} only on api.openai.com;
     *                deepgram: defaults to {@code nova-3}
     * @param timeout the longest wait from the end of an utterance to its whole answer ({@code STT_TIMEOUT_MS};
     *                15 s for openai and sphinx, 5 s for deepgram)
     * @param grammar sphinx only ({@code STT_GRAMMAR}): a built-in grammar or a {@code .gram} file, loaded and checked; else null
     * @param workers sphinx only ({@code STT_WORKERS}): recognizers loaded, and utterances recognised at once
     */
    public record Stt(String engine, URI url, Secret apiKey, String model, Duration timeout, SphinxGrammar grammar, int workers) {
        public boolean enabled() {
            return engine != null;
        }
    }

    /**
     * Speech synthesis for the cascaded pipeline: {@code TTS=openai}, any OpenAI-compatible
     * {@code /audio/speech} server; {@code TTS=elevenlabs}, ElevenLabs' streaming WebSocket; {@code TTS=espeak},
     * the local espeak-ng program. The defaults depend on the engine.
     *
     * @param engine         {@code openai}, {@code elevenlabs} or {@code espeak}, or null when {@code TTS} is unset: no TTS engine
     * @param url            base URL ending in {@code /v1} ({@code TTS_URL}): {@code https://api.openai.com/v1}, to which
     *                       {@code /audio/speech} is appended, or {@code wss://api.elevenlabs.io/v1}, to which
     *                       {@code /text-to-speech/{voice}/stream-input} is; unused by espeak
     * @param apiKey         {@code TTS_API_KEY}: OpenAI's bearer key or ElevenLabs' {@code xi-api-key}; required on
     *                       api.openai.com and api.elevenlabs.io, optional for local servers and proxies
     * @param model          {@code TTS_MODEL}; defaults to {@code gpt-4o-mini-tts} only on api.openai.com, and to
     *                       {@code eleven_flash_v2_5} for ElevenLabs
     * @param voice          {@code TTS_VOICE}: default {@code alloy} for OpenAI; a voice id, required, for ElevenLabs;
     *                       for espeak null, the voice then follows each sentence's language, while a set voice
     *                       (e.g. {@code en-us+f3}) speaks them all
     * @param command        the espeak-ng executable ({@code TTS_COMMAND}, default {@code espeak-ng} on {@code PATH}),
     *                       resolved to an absolute path at start-up; null for the other engines
     * @param wordsPerMinute espeak-ng's speed ({@code TTS_SPEED}, default 175, espeak-ng's own)
     * @param workers        the most espeak-ng processes at once ({@code TTS_WORKERS}, default twice the cores)
     */
    public record Tts(String engine, URI url, Secret apiKey, String model, String voice, Path command, int wordsPerMinute, int workers) {
        public boolean enabled() {
            return engine != null;
        }
    }

    /**
     * Text translation for the live interpreter: {@code TRANSLATE=llm} (a chat model told to interpret),
     * {@code libretranslate} (a LibreTranslate server), {@code deepl} (DeepL's API) or {@code apertium}
     * (an apertium-apy server).
     *
     * @param engine  {@code llm}, {@code libretranslate}, {@code deepl} or {@code apertium}, or null when {@code TRANSLATE} is unset
     * @param url     {@code TRANSLATE_URL}: the server's root, to which the engine's path ({@code /translate},
     *                {@code /v2/translate}) is appended; required but for DeepL, whose default follows the key.
     *                For llm a base URL ending in {@code /v1}, default {@code LLM_URL}
     * @param apiKey  {@code TRANSLATE_API_KEY}: required for DeepL, optional for LibreTranslate, unused by Apertium;
     *                for llm default {@code LLM_API_KEY}
     * @param model   llm only: {@code TRANSLATE_MODEL}, default {@code LLM_MODEL}; else null
     * @param timeout the longest wait for a whole translation ({@code TRANSLATE_TIMEOUT_MS}, default 5 s)
     */
    public record Translate(String engine, URI url, Secret apiKey, String model, Duration timeout) {
        public boolean enabled() {
            return engine != null;
        }
    }

    /**
     * Voice activity detection for the cascaded agents' turn-taking and barge-in.
     *
     * @param settings {@code VAD_THRESHOLD} (the end threshold 0.15 below it), {@code VAD_MIN_SPEECH_MS},
     *                 {@code VAD_MIN_SILENCE_MS}
     */
    public record Vad(VadEngine engine, VadSettings settings) {}

    /**
     * The live interpreter ({@code agent: interpreter}).
     *
     * @param mix     {@code INTERPRETER_MIX}
     * @param numbers {@code INTERPRETER_NUMBERS}: called numbers whose inbound calls are interpreted; empty when unset
     */
    public record Interpreter(InterpreterMix mix, InterpreterNumbers numbers) {}

    /**
     * WhatsApp through Meta's Cloud API: all four secrets and ids set, or none ({@link #enabled()} false).
     *
     * @param accessToken   {@code WHATSAPP_ACCESS_TOKEN}: the Graph API bearer token (a system-user token in production)
     * @param phoneNumberId {@code WHATSAPP_PHONE_NUMBER_ID}: the business number's id, not the number itself
     * @param appSecret     {@code WHATSAPP_APP_SECRET}: the key of the webhooks' {@code X-Hub-Signature-256}
     * @param verifyToken   {@code WHATSAPP_VERIFY_TOKEN}: the string Meta's verification handshake must present
     * @param apiUrl        {@code WHATSAPP_API_URL}: the Graph API's base without a version
     * @param apiVersion    {@code WHATSAPP_API_VERSION}: pinned, since Meta retires versions on a schedule
     */
    public record WhatsApp(Secret accessToken, String phoneNumberId, Secret appSecret, Secret verifyToken, URI apiUrl,
                           String apiVersion, CallSummary callSummary) {
        public boolean enabled() {
            return accessToken != null;
        }
    }

    /**
     * The WhatsApp follow-up after a completed call ({@code WHATSAPP_CALL_SUMMARY_TEMPLATE}): an approved
     * template whose one body parameter, {@code {{1}}}, is the model's summary of the call.
     *
     * @param language the template's language code exactly as approved ({@code en}, {@code en_US}, {@code de})
     */
    public record CallSummary(String template, String language) {}

    /** Agents that exist in this build. */
    public static final Set<String> AGENTS = Set.of("echo", "realtime", "pipeline", "interpreter");

    public static Config from(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        int port = r.integer("PORT", 8080, 0, 65535);
        Http http = new Http(
                r.string("HOST", "0.0.0.0"),
                port,
                r.httpUrl("PUBLIC_URL", "http://localhost:" + port),
                Secret.ofNullable(r.raw("API_TOKEN")),
                r.list("CORS_ORIGINS"),
                r.integer("MAX_CONCURRENT_CALLS", 100, 1, 100_000),
                // An hour bounds it: a stop that waits longer is a stuck deployment, not a drain.
                Duration.ofSeconds(r.integer("DRAIN_SECONDS", 30, 0, 3600)),
                Duration.ofSeconds(r.integer("HTTP_IDLE_TIMEOUT_SECONDS", 60, 1, 86_400)),
                Duration.ofSeconds(r.integer("HTTP_HEADER_TIMEOUT_SECONDS", 10, 1, 3600)));

        StoreKind kind = r.choice("STORE", StoreKind.class, StoreKind.EMBEDDED);
        Secret databaseUrl = Secret.ofNullable(r.raw("DATABASE_URL"));
        Secret redisUrl = Secret.ofNullable(r.raw("REDIS_URL"));
        if (kind == StoreKind.POSTGRES && databaseUrl == null) {
            throw new ConfigException("DATABASE_URL", "required when STORE=postgres");
        }
        if (kind == StoreKind.REDIS) {
            throw new ConfigException("STORE", "redis is not available in this version; use embedded or postgres");
        }
        Path dataDir = writableDir("DATA_DIR", r.string("DATA_DIR", "./data"));
        Storage storage = new Storage(kind, dataDir, databaseUrl, redisUrl,
                r.integer("CALL_TTL_SECONDS", 86400, 1, Integer.MAX_VALUE));

        Twilio twilio = new Twilio(
                r.raw("TWILIO_ACCOUNT_SID"),
                Secret.ofNullable(r.raw("TWILIO_AUTH_TOKEN")),
                r.raw("TWILIO_PHONE_NUMBER"),
                r.httpUrl("TWILIO_API_URL", "https://api.twilio.com"),
                // Twilio opens the stream within a second or two of our TwiML; minutes would only hold slots.
                Duration.ofSeconds(r.integer("MEDIA_START_TIMEOUT_SECONDS", 30, 1, 600)));
        if (twilio.phoneNumber() != null && !E164.isValid(twilio.phoneNumber())) {
            throw new ConfigException("TWILIO_PHONE_NUMBER", "must be an E.164 number like +15551230000");
        }

        String agentName = r.string("AGENT", "echo").toLowerCase(Locale.ROOT);
        if (!AGENTS.contains(agentName)) {
            throw new ConfigException("AGENT", "unknown agent '" + agentName + "'; available: " + String.join(", ", AGENTS));
        }
        Secret openAiKey = Secret.ofNullable(r.raw("OPENAI_API_KEY"));
        if (agentName.equals("realtime") && openAiKey == null) {
            throw new ConfigException("OPENAI_API_KEY", "required when AGENT=realtime");
        }
        String instructions = r.raw("AGENT_INSTRUCTIONS");
        String instructionsFile = r.raw("AGENT_INSTRUCTIONS_FILE");
        if (instructionsFile != null) {
            if (instructions != null) throw new ConfigException("AGENT_INSTRUCTIONS_FILE", "set either it or AGENT_INSTRUCTIONS, not both");
            instructions = readableText("AGENT_INSTRUCTIONS_FILE", instructionsFile);
        }
        String toolsFile = r.raw("AGENT_TOOLS_FILE");
        if (toolsFile != null) readableText("AGENT_TOOLS_FILE", toolsFile);
        AgentSettings agent = new AgentSettings(agentName,
                instructions, r.raw("AGENT_GREETING"),
                openAiKey,
                r.url("OPENAI_REALTIME_URL", "wss://api.openai.com/v1/realtime", Set.of("ws", "wss")),
                r.string("OPENAI_REALTIME_MODEL", "gpt-realtime"),
                r.raw("OPENAI_VOICE"),
                r.oneOf("OPENAI_TURN_DETECTION", "server_vad", Set.of("server_vad", "semantic_vad")),
                r.string("OPENAI_TRANSCRIPTION_MODEL", "gpt-4o-mini-transcribe"),
                toolsFile == null ? null : Path.of(toolsFile),
                // The API ends a session at 60 min; the successor is prepared ahead of that.
                Duration.ofSeconds(r.integer("OPENAI_SESSION_ROLLOVER_SECONDS", 3300, 1, 3540)),
                Duration.ofMillis(r.integer("TOOL_FILLER_AFTER_MS", 1200, 0, 60_000)),
                // Two 20 ms frames per append: a relayed frame's messages fall by a third, and the
                // model hears the caller at most 20 ms later (server VAD waits ~500 ms of silence anyway).
                Duration.ofMillis(r.integer("OPENAI_APPEND_BATCH_MS", 40, 0, 200)),
                // A backchannel ("mm-hm", a cough) is shorter; the leg is still cleared within about half a second.
                Duration.ofMillis(r.integer("BARGE_IN_MIN_MS", 400, 0, 5_000)));

        String ari = r.raw("ARI_URL");
        if (ari != null && (r.raw("ARI_USERNAME") == null || r.raw("ARI_PASSWORD") == null)) {
            throw new ConfigException(r.raw("ARI_USERNAME") == null ? "ARI_USERNAME" : "ARI_PASSWORD",
                    "required when ARI_URL is set (the user in Asterisk's ari.conf)");
        }
        int rtpMin = r.integer("RTP_PORT_MIN", 40000, 1024, 65535);
        int rtpMax = r.integer("RTP_PORT_MAX", 40999, 1024, 65535);
        if (rtpMax < rtpMin) throw new ConfigException("RTP_PORT_MAX", "must not be below RTP_PORT_MIN (" + rtpMin + ")");
        if (rtpMin % 2 != 0 && rtpMax == rtpMin) throw new ConfigException("RTP_PORT_MIN", "the range holds no even port (RTP uses even ports)");
        String rtpHost = r.string("RTP_HOST", "127.0.0.1");
        if (!rtpHost.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            // Asterisk is told host:port, and RTP is matched by source address: a name would be ambiguous.
            throw new ConfigException("RTP_HOST", "must be an IP address, got '" + rtpHost + "'");
        }
        String template = r.string("ARI_ENDPOINT_TEMPLATE", "PJSIP/{to}@provider");
        if (!template.contains("{to}")) throw new ConfigException("ARI_ENDPOINT_TEMPLATE", "must contain {to}, e.g. PJSIP/{to}@provider");
        Asterisk asterisk = new Asterisk(
                ari == null ? null : r.httpUrl("ARI_URL", null),
                r.raw("ARI_USERNAME"), Secret.ofNullable(r.raw("ARI_PASSWORD")),
                r.string("ARI_APP", "callbridge"),
                rtpHost, rtpMin, rtpMax,
                r.oneOf("RTP_FORMAT", "ulaw", Set.of("ulaw", "slin16")), template,
                r.string("ARI_TRANSFER_CONTEXT", "callbridge-transfer"));

        Logging logging = new Logging(
                r.oneOf("LOG_LEVEL", "info", Set.of("trace", "debug", "info", "warn", "error")),
                r.choice("LOG_FORMAT", LogFormat.class, LogFormat.TEXT));
        String retentionDays = r.raw("RECORDING_RETENTION_DAYS");
        RecordingSettings recording = new RecordingSettings(
                r.oneOf("RECORDING", "off", Set.of("off", "on")).equals("on"),
                retentionDays == null ? null : Duration.ofDays(r.integer("RECORDING_RETENTION_DAYS", 0, 1, 36_500)));
        Vad vad = EngineConfigReader.vad(r);
        Llm llm = EngineConfigReader.llm(r);
        Stt stt = EngineConfigReader.stt(r);
        Tts tts = EngineConfigReader.tts(r);
        Translate translate = EngineConfigReader.translate(r);
        if (agentName.equals("pipeline")) EngineConfigReader.requirePipeline(llm, stt, tts, vad);
        if (agentName.equals("interpreter")) EngineConfigReader.requireInterpreter("AGENT", "interpreter", stt, tts, translate, vad);
        Interpreter interpreter = new Interpreter(r.choice("INTERPRETER_MIX", InterpreterMix.class, InterpreterMix.TRANSLATION),
                interpreterNumbers(r, twilio, asterisk));
        if (!interpreter.numbers().isEmpty()) {
            EngineConfigReader.requireInterpreter("INTERPRETER_NUMBERS", "calls to these numbers are interpreted, which", stt, tts, translate, vad);
        }
        WhatsApp whatsapp = WhatsAppConfigReader.read(r, llm);
        return new Config(http, storage, twilio, agent, asterisk, logging, recording, llm, stt, tts, translate, vad, interpreter,
                whatsapp, webhooks(r));
    }

    /** {@code WEBHOOKS_FILE}, or the simple {@code WEBHOOK_URL} + {@code WEBHOOK_SECRET}; not both. */
    private static WebhookSettings webhooks(EnvReader r) {
        // Hours, fractions allowed: a test gives up within seconds.
        double hours = r.decimal("WEBHOOK_RETRY_HOURS", 24, 0.0001, 24 * 30);
        Duration retryFor = Duration.ofMillis(Math.round(hours * 3_600_000));
        String file = r.raw("WEBHOOKS_FILE");
        String url = r.raw("WEBHOOK_URL");
        List<WebhookSubscription> subscriptions;
        if (file != null) {
            if (url != null) throw new ConfigException("WEBHOOKS_FILE", "set either it or WEBHOOK_URL, not both");
            subscriptions = WebhooksFile.parse(readableText("WEBHOOKS_FILE", file));
        } else if (url != null) {
            subscriptions = List.of(WebhooksFile.single(url, r.raw("WEBHOOK_SECRET")));
        } else {
            subscriptions = List.of();
        }
        return new WebhookSettings(subscriptions, retryFor);
    }

    /** The file's lines; B may be dialled only on a provider that can place calls here. */
    private static InterpreterNumbers interpreterNumbers(EnvReader r, Twilio twilio, Asterisk asterisk) {
        String file = r.raw("INTERPRETER_NUMBERS");
        if (file == null) return InterpreterNumbers.NONE;
        Set<Provider> dialable = EnumSet.noneOf(Provider.class);
        if (twilio.accountSid() != null && twilio.authToken() != null) dialable.add(Provider.TWILIO);
        if (asterisk.ariUrl() != null) dialable.add(Provider.ASTERISK);
        return InterpreterNumbersFile.parse(readableText("INTERPRETER_NUMBERS", file), dialable);
    }

    private static String readableText(String variable, String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(variable, "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Path writableDir(String variable, String value) {
        Path dir = Path.of(value).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new ConfigException(variable, dir + " is not a writable directory (" + e.getClass().getSimpleName() + ")");
        }
        return dir;
    }
}
