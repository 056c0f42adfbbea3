package dev.callbridge.sim;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callbridge fake-engines}: speech to text, text model and speech synthesis of fixed latency, until killed. */
@Command(name = "fake-engines", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "A local stand-in for the pipeline agent's three engines, OpenAI-compatible, and the interpreter's "
                        + "translator, each answering after a fixed delay: POST /v1/audio/transcriptions (multipart; "
                        + "{\"text\":…}), POST /v1/chat/completions (stream: true; a two-sentence answer as server-sent "
                        + "events), POST /v1/audio/speech (response_format pcm; 24 kHz 16-bit mono) and LibreTranslate's "
                        + "POST /translate ({\"translatedText\":…}). Run the gateway with AGENT=pipeline against it, "
                        + "then `callbridge loadtest --audio`: with the engines' shares known, the rest of each "
                        + "turn's latency is the gateway's own (callbridge_pipeline_turn_seconds{share=\"overhead\"}); "
                        + "or with INTERPRETER_NUMBERS, then `callbridge loadtest --audio --interpreter`.",
                "Keys are not checked. Counters go to stderr every 10 s."})
public final class FixedLatencyEnginesCommand implements Callable<Integer> {
    private static final long REPORT_MILLIS = 10_000;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8091", description = "port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--stt-ms", paramLabel = "MS", defaultValue = "150",
            description = "from the whole upload to the transcription (default: ${DEFAULT-VALUE})")
    int sttMs;

    @Option(names = "--llm-ms", paramLabel = "MS", defaultValue = "250",
            description = "from the request to the answer's first delta; the rest follows at once (default: ${DEFAULT-VALUE})")
    int llmMs;

    @Option(names = "--tts-ms", paramLabel = "MS", defaultValue = "100",
            description = "from the request to the first bytes of speech; the rest follows at once (default: ${DEFAULT-VALUE})")
    int ttsMs;

    @Option(names = "--translate-ms", paramLabel = "MS", defaultValue = "100",
            description = "from the request to the translation (default: ${DEFAULT-VALUE})")
    int translateMs;

    @Option(names = "--speech-ms", paramLabel = "MS", defaultValue = "1500",
            description = "audio per speech answer, i.e. per sentence (default: ${DEFAULT-VALUE})")
    int speechMs;

    @Override
    public Integer call() throws InterruptedException {
        int loops = Runtime.getRuntime().availableProcessors();
        FixedLatencyEnginesServer.Options options;
        try {
            options = new FixedLatencyEnginesServer.Options(host, port, Duration.ofMillis(sttMs), Duration.ofMillis(llmMs),
                    Duration.ofMillis(ttsMs), Duration.ofMillis(translateMs), speechMs, loops);
        } catch (IllegalArgumentException e) {
            System.err.println("fake-engines: " + e.getMessage());
            return 1;
        }
        // One event loop per core, one server instance per event loop, as the gateway and loadtest do.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
        FixedLatencyEnginesServer server;
        try {
            server = FixedLatencyEnginesServer.start(vertx, options).await();
        } catch (RuntimeException e) {
            System.err.println("fake-engines: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            vertx.close().await();
            return 1;
        }
        String base = server.baseUrl();
        System.out.println("STT=openai STT_URL=" + base + " STT_MODEL=fixed-stt");
        System.out.println("LLM=openai LLM_URL=" + base + " LLM_MODEL=fixed-llm");
        System.out.println("TTS=openai TTS_URL=" + base + " TTS_MODEL=fixed-tts TTS_VOICE=alloy");
        System.out.println("TRANSLATE=libretranslate TRANSLATE_URL=" + server.rootUrl());
        System.out.flush();
        System.err.println(String.format(Locale.ROOT, "fake-engines: on %s, STT %d ms, LLM %d ms to the first delta, TTS %d ms "
                + "to the first audio (%d ms per sentence), translation %d ms; start the gateway with AGENT=pipeline (or "
                + "INTERPRETER_NUMBERS) and the variables above. Ctrl-C stops.", base, sttMs, llmMs, ttsMs, speechMs, translateMs));
        vertx.setPeriodic(REPORT_MILLIS, t -> {
            FixedLatencyEnginesServer.Counters c = server.counters();
            System.err.println(String.format(Locale.ROOT, "fake-engines: %d transcriptions, %d completions, %d speeches, "
                    + "%d translations answered; %d cut short by the client, %d refused", c.transcriptions(), c.completions(),
                    c.speeches(), c.translations(), c.cutShort(), c.refused()));
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close().await();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
