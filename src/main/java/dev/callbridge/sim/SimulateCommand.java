package dev.callbridge.sim;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Wav;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code callbridge simulate}: one inbound call against a callbridge server, acting as Twilio. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "One inbound call, acting as Twilio: signed voice webhook, TwiML, Media Stream with the caller's audio "
                        + "paced at 20 ms, DTMF, marks returned as the server's audio plays, stop, status callback.",
                "For local and development servers: the stream always goes to --url's host and port, whatever host "
                        + "the TwiML names; it is still signed over the TwiML URL as written.",
                "Signs with TWILIO_AUTH_TOKEN (environment or ./.env) when set."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:call completed", "1:call failed", "2:rejected by busy TwiML"})
public final class SimulateCommand implements Callable<Integer> {

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--audio", paramLabel = "F.wav",
            description = "what the caller says: mono WAV, PCM16/μ-law/A-law at 8, 16 or 24 kHz (default: a bundled 3.7 s sentence)")
    Path audio;

    @Option(names = "--seconds", paramLabel = "N", description = "call length (default: the audio's length + 2 s)")
    Double seconds;

    @Option(names = "--dtmf", paramLabel = "DIGITS", defaultValue = "", description = "keys to press, spread through the call, e.g. 12#")
    String dtmf;

    @Option(names = "--from", paramLabel = "+E164", defaultValue = "+15551230000", description = "caller (default: ${DEFAULT-VALUE})")
    String from;

    @Option(names = "--to", paramLabel = "+E164", defaultValue = "+15559870000", description = "called number (default: ${DEFAULT-VALUE})")
    String to;

    @Option(names = "--optional-fields", paramLabel = "all|none|varied", defaultValue = "all",
            description = "which optional fields of Twilio's messages to send (sequenceNumber, track, chunk, timestamp, sids): "
                    + "all, as Twilio does; none; or varied at random per message (default: ${DEFAULT-VALUE})")
    String optionalFields;

    @Option(names = "--out", paramLabel = "heard.wav", defaultValue = "heard.wav",
            description = "where to write what the caller heard, μ-law 8 kHz (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!dtmf.matches("[0-9*#A-Da-d]*")) {
            System.err.println("simulate: --dtmf takes 0-9, *, # and A-D, got \"" + dtmf + "\"");
            return 1;
        }
        if (seconds != null && seconds <= 0) {
            System.err.println("simulate: --seconds must be positive");
            return 1;
        }
        LaunchEnvironment env = LaunchEnvironment.current();
        GatewayTarget target = targetOptions.resolve(env);
        byte[] callerAudio;
        try {
            callerAudio = CallerAudio.load(audio);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("simulate: " + (audio == null ? "bundled audio" : audio) + ": " + e.getMessage());
            return 1;
        }
        OptionalFields fields;
        try {
            fields = OptionalFields.parse(optionalFields);
        } catch (IllegalArgumentException e) {
            System.err.println("simulate: " + e.getMessage());
            return 1;
        }
        long callMillis = seconds != null ? Math.round(seconds * 1000) : callerAudio.length / 8 + 2000;
        var options = new TwilioCallSimulator.Options(target, callerAudio, callMillis, dtmf.toUpperCase(), from, to, fields);

        Vertx vertx = Vertx.vertx();
        try {
            ProgressLine progress = new ProgressLine(System.err);
            SimulationResult result = new TwilioCallSimulator(vertx, options, PlaybackClock.system(), new SplittableRandom(),
                    counters -> progress.show(counters.progressLine(progress.elapsedMillis()))).run().await();
            progress.finish();
            if (result.stream() != null) Wav.write(out, new AudioChunk(AudioFormat.PCMU_8K, result.heardAudio()));
            System.out.print(result.summary(target.serverUrl(), out.toString(), env.get("API_TOKEN").isPresent()));
            return result.outcome().exitCode();
        } finally {
            vertx.close().await();
        }
    }
}
