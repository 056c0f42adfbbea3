package dev.callbridge.sim;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code callbridge loadtest}: N concurrent simulated calls against a server that echoes the caller's audio, or answers it. */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "N concurrent simulated Twilio calls against a server that plays each caller's audio back: the echo "
                        + "agent (AGENT=echo), or the realtime agent (AGENT=realtime) talking to `callbridge "
                        + "fake-realtime`, which echoes through the OpenAI Realtime protocol. Every frame carries its "
                        + "call and sequence number, so each echo is matched: loss, duplicates and round-trip "
                        + "percentiles. Server CPU and RSS come from GET /stats before and after.",
                "With --audio, callers say that file over and over, with --pause-ms of silence after each time, to an "
                        + "agent that answers (AGENT=pipeline, e.g. against `callbridge fake-engines`): the agent's "
                        + "audio is played and counted, not matched; its latencies are in the server's /metrics.",
                "With --interpreter, every call is interpreted: --to is one of the gateway's INTERPRETER_NUMBERS, the "
                        + "gateway dials party B through a stand-in for Twilio's Calls API that this command serves on "
                        + "--twilio-api-port (run the gateway with TWILIO_API_URL pointing to it, and TWILIO_ACCOUNT_SID and "
                        + "TWILIO_AUTH_TOKEN set), and B answers and speaks too: the same audio, half a loop after A, so each "
                        + "turn's interpretation is heard in the pause before the other party speaks.",
                "Signs with TWILIO_AUTH_TOKEN (environment or ./.env) when set."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every call completed and (without --audio) every frame came back", "1:calls failed or frames were lost"})
public final class LoadTestCommand implements Callable<Integer> {
    private static final long DRAIN_MILLIS = 2000;
    /** A placed call rings this long, and is answered this long after ringing. */
    private static final long RING_MILLIS = 50;

    @Option(names = "--calls", paramLabel = "N", required = true, description = "concurrent calls")
    int calls;

    @Option(names = "--seconds", paramLabel = "S", required = true, description = "media seconds per call")
    int seconds;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--json", paramLabel = "F", description = "also write the report as JSON to F")
    Path json;

    @Option(names = "--optional-fields", paramLabel = "all|none|varied", defaultValue = "all",
            description = "which optional fields of Twilio's messages to send: all, as Twilio does; none; "
                    + "or varied at random per message (default: ${DEFAULT-VALUE})")
    String optionalFields;

    @Option(names = "--audio", paramLabel = "F.wav",
            description = "what each caller says, over and over (mono WAV, PCM16/μ-law/A-law at 8, 16 or 24 kHz), to a "
                    + "server that answers instead of echoing")
    Path audio;

    @Option(names = "--pause-ms", paramLabel = "MS",
            description = "with --audio: silence after each time the caller has said it, room for the answer "
                    + "(default: 4000; with --interpreter 9600, as B speaks half a loop after A and each must hear "
                    + "the other's interpretation in between)")
    Integer pauseMillis;

    @Option(names = "--to", paramLabel = "+E164", defaultValue = "+15559870000",
            description = "the number called (with --interpreter, one of the gateway's INTERPRETER_NUMBERS) (default: ${DEFAULT-VALUE})")
    String to;

    @Option(names = "--interpreter",
            description = "interpreted calls: party B, whom the gateway dials, is played too (implies --audio's speech; "
                    + "without --audio, the bundled sample)")
    boolean interpreter;

    @Option(names = "--b-audio", paramLabel = "F.wav",
            description = "with --interpreter: what party B says, with the same pauses (default: what A says)")
    Path partyAudio;

    @Option(names = "--twilio-api-port", paramLabel = "P", defaultValue = "8092",
            description = "with --interpreter: where the Calls API stand-in listens, on 127.0.0.1 (the gateway's "
                    + "TWILIO_API_URL=http://127.0.0.1:P) (default: ${DEFAULT-VALUE})")
    int twilioApiPort;

    @Override
    public Integer call() throws IOException {
        GatewayTarget target = targetOptions.resolve(LaunchEnvironment.current());
        int drivers = Runtime.getRuntime().availableProcessors();
        LoadTest.Options options;
        try {
            SpeechLoop speech = audio == null && !interpreter ? null : SpeechLoop.of(CallerAudio.load(audio),
                    pauseMillis != null ? pauseMillis : interpreter ? 9600 : 4000);
            if (interpreter && target.authToken().isEmpty()) {
                throw new IllegalArgumentException("--interpreter needs TWILIO_AUTH_TOKEN, the gateway's: the Calls API stand-in "
                        + "checks the gateway's requests and signs its callbacks with it");
            }
            options = new LoadTest.Options(target, calls, seconds, LoadTest.Options.defaultRampMillis(calls), DRAIN_MILLIS,
                    drivers, "+15551230000", to, OptionalFields.parse(optionalFields), speech,
                    interpreter ? new LoadTest.Interpreter("127.0.0.1", twilioApiPort, RING_MILLIS, partyAudio == null ? null
                            : SpeechLoop.of(CallerAudio.load(partyAudio), pauseMillis != null ? pauseMillis : 9600)) : null);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("loadtest: " + (audio != null && e instanceof IOException ? audio + ": " : "") + e.getMessage());
            return 1;
        }
        // One event loop per core, one load driver per event loop.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(drivers).setPreferNativeTransport(true));
        try {
            LoadProgress progress = new LoadProgress();
            ProgressLine line = new ProgressLine(System.err);
            long progressTimer = vertx.setPeriodic(500, id -> line.show(progress.line(line.elapsedMillis(), calls)));
            LoadReport report = new LoadTest(vertx, options, progress).run().await();
            vertx.cancelTimer(progressTimer);
            line.show(progress.line(line.elapsedMillis(), calls)); // the final counts, not the last tick's
            line.finish();
            System.out.print(report.table());
            if (json != null) Files.writeString(json, report.toJson() + System.lineSeparator());
            return report.clean() ? 0 : 1;
        } finally {
            vertx.close().await();
        }
    }
}
