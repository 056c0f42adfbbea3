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
                "Signs with TWILIO_AUTH_TOKEN (environment or ./.env) when set."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every call completed and (without --audio) every frame came back", "1:calls failed or frames were lost"})
public final class LoadTestCommand implements Callable<Integer> {
    private static final long DRAIN_MILLIS = 2000;

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

    @Option(names = "--pause-ms", paramLabel = "MS", defaultValue = "4000",
            description = "with --audio: silence after each time the caller has said it, room for the answer "
                    + "(default: ${DEFAULT-VALUE})")
    int pauseMillis;

    @Override
    public Integer call() throws IOException {
        GatewayTarget target = targetOptions.resolve(LaunchEnvironment.current());
        int drivers = Runtime.getRuntime().availableProcessors();
        LoadTest.Options options;
        try {
            SpeechLoop speech = audio == null ? null : SpeechLoop.of(CallerAudio.load(audio), pauseMillis);
            options = new LoadTest.Options(target, calls, seconds, LoadTest.Options.defaultRampMillis(calls), DRAIN_MILLIS,
                    drivers, "+15551230000", "+15559870000", OptionalFields.parse(optionalFields), speech);
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
