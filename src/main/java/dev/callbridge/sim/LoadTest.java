package dev.callbridge.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * N concurrent simulated calls against a server that echoes (the echo agent, or the realtime
 * agent against {@link RealtimeEchoServer}) or answers (the pipeline agent, with a
 * {@link SpeechLoop}): each gets its own webhook and stream, calls start spread over the ramp,
 * and each sends probe frames (or its speech) for the test length, then waits for the last
 * echoes before hanging up. {@code /stats} before and after gives the server's CPU per
 * echoed frame (it includes call set-up and tear-down).
 */
public final class LoadTest {

    /**
     * Each call is interpreted: {@code to} is one of the gateway's INTERPRETER_NUMBERS, and the gateway
     * dials party B through a {@link SimulatedTwilioCallsApi} on {@code host}:{@code port} (its
     * {@code TWILIO_API_URL}); B answers after {@code ringMillis} and speaks too.
     */
    /** @param partySpeech what party B says; null: the same as A */
    public record Interpreter(String host, int port, long ringMillis, SpeechLoop partySpeech) {}

    /**
     * @param drivers one per event loop of the Vert.x instance the test runs on
     * @param speech  what callers say to a server that answers (the pipeline agent); null: probe
     *                frames to a server that echoes, each matched to its send time
     * @param interpreter the calls are interpreted (needs {@code speech}); null: plain calls
     */
    public record Options(GatewayTarget target, int calls, int seconds, long rampMillis, long drainMillis, int drivers,
                          String from, String to, OptionalFields optionalFields, SpeechLoop speech, Interpreter interpreter) {
        /** Plain calls, not interpreted. */
        public Options(GatewayTarget target, int calls, int seconds, long rampMillis, long drainMillis, int drivers,
                       String from, String to, OptionalFields optionalFields, SpeechLoop speech) {
            this(target, calls, seconds, rampMillis, drainMillis, drivers, from, to, optionalFields, speech, null);
        }

        /** Every field, as Twilio sends them. */
        public Options(GatewayTarget target, int calls, int seconds, long rampMillis, long drainMillis, int drivers,
                       String from, String to) {
            this(target, calls, seconds, rampMillis, drainMillis, drivers, from, to, OptionalFields.ALL, null, null);
        }

        /** Probe frames, echoed. */
        public Options(GatewayTarget target, int calls, int seconds, long rampMillis, long drainMillis, int drivers,
                       String from, String to, OptionalFields optionalFields) {
            this(target, calls, seconds, rampMillis, drainMillis, drivers, from, to, optionalFields, null, null);
        }

        public Options {
            if (calls < 1) throw new IllegalArgumentException("--calls must be at least 1, got " + calls);
            if (seconds < 1) throw new IllegalArgumentException("--seconds must be at least 1, got " + seconds);
            if (drivers < 1) throw new IllegalArgumentException("drivers must be at least 1, got " + drivers);
            if (interpreter != null && speech == null) throw new IllegalArgumentException("interpreted calls need speech (--audio)");
        }

        /** Start-up spread: about 5 ms per call, between 1 and 2 s. */
        public static long defaultRampMillis(int calls) {
            return Math.clamp(calls * 5L, 1000, 2000);
        }
    }

    private final Vertx vertx;
    private final Options options;
    private final LoadProgress progress;

    public LoadTest(Vertx vertx, Options options, LoadProgress progress) {
        this.vertx = vertx;
        this.options = options;
        this.progress = progress;
    }

    public Future<LoadReport> run() {
        if (options.interpreter() == null) return run(null, null);
        InterpretedParties parties = new InterpretedParties();
        Interpreter i = options.interpreter();
        return SimulatedTwilioCallsApi.start(vertx, i.host(), i.port(), options.target(), i.ringMillis(), parties)
                .compose(api -> {
                    parties.api(api);
                    return run(parties, api).eventually(api::close);
                });
    }

    private Future<LoadReport> run(InterpretedParties parties, SimulatedTwilioCallsApi api) {
        HttpClient http = vertx.createHttpClient();
        return ServerStats.fetch(http, options.target().serverUrl()).compose(before -> {
            long started = System.nanoTime();
            LoadDriver.Plan plan = new LoadDriver.Plan(options.target(), started + TimeUnit.MILLISECONDS.toNanos(50),
                    TimeUnit.MILLISECONDS.toNanos(options.rampMillis()), options.calls(), options.seconds() * 50L,
                    TimeUnit.MILLISECONDS.toNanos(options.drainMillis()), options.from(), options.to(), options.optionalFields(),
                    options.speech(), parties, options.interpreter() == null || options.interpreter().partySpeech() == null
                            ? options.speech() : options.interpreter().partySpeech());
            List<LoadDriver> drivers = new ArrayList<>();
            SplittableRandom seeds = new SplittableRandom();
            for (int d = 0; d < options.drivers(); d++) {
                List<Integer> mine = new ArrayList<>();
                for (int i = d; i < options.calls(); i += options.drivers()) mine.add(i);
                drivers.add(new LoadDriver(plan, mine, progress, seeds.split()));
            }
            List<Future<String>> deployed = drivers.stream().map(vertx::deployVerticle).toList();
            Future<ServerStats> steadyStart = statsAt(http, plan.steadyStartNanos());
            Future<ServerStats> steadyEnd = statsAt(http, plan.steadyEndNanos());
            return Future.all(deployed)
                    .compose(v -> Future.all(drivers.stream().map(LoadDriver::finished).toList()))
                    .compose(v -> Future.all(steadyStart, steadyEnd))
                    .compose(v -> ServerStats.fetch(http, options.target().serverUrl()))
                    .map(after -> {
                        LoadTally total = new LoadTally();
                        drivers.forEach(d -> total.merge(d.finished().result()));
                        double wall = (System.nanoTime() - started) / 1e9;
                        String url = options.target().serverUrl().toString();
                        return options.speech() == null
                                ? LoadReport.of(url, options.seconds(), wall, options.calls(), total, before, after,
                                        steadyStart.result(), steadyEnd.result())
                                : LoadReport.answered(url, options.seconds(), wall, options.calls(), total, before, after,
                                        steadyStart.result(), steadyEnd.result(), parties == null ? null
                                                : LoadReport.Parties.of(api.counters(), parties, total));
                    })
                    .eventually(() -> Future.join(deployed.stream()
                            .map(f -> f.succeeded() ? vertx.undeploy(f.result()) : Future.succeededFuture()).toList()));
        }).eventually(http::close);
    }

    /** {@code /stats} as of {@code atNanos}; unavailable when that moment is not in the future's reach (a short run). */
    private Future<ServerStats> statsAt(HttpClient http, long atNanos) {
        long delayMs = TimeUnit.NANOSECONDS.toMillis(atNanos - System.nanoTime());
        if (delayMs <= 0) return Future.succeededFuture(ServerStats.UNAVAILABLE);
        io.vertx.core.Promise<ServerStats> stats = io.vertx.core.Promise.promise();
        vertx.setTimer(delayMs, t -> ServerStats.fetch(http, options.target().serverUrl()).onComplete(stats));
        return stats.future();
    }
}
