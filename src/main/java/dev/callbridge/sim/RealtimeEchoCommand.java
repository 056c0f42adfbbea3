package dev.callbridge.sim;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callbridge fake-realtime}: the echoing Realtime API stand-in, until killed. */
@Command(name = "fake-realtime", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "A local stand-in for the OpenAI Realtime API (GA protocol over WebSocket) that answers every "
                        + "input_audio_buffer.append with a response.output_audio.delta carrying the same audio. "
                        + "Run the gateway with AGENT=realtime against it, then `callbridge loadtest`: the relay "
                        + "through the realtime agent is measured frame by frame, without OpenAI.",
                "Input and output audio formats must match (the echo cannot transcode); the realtime agent "
                        + "uses audio/pcmu both ways on Twilio legs. Counters go to stderr every 10 s."})
public final class RealtimeEchoCommand implements Callable<Integer> {
    private static final long REPORT_MILLIS = 10_000;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8090", description = "port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--api-key", paramLabel = "K", defaultValue = "sk-bench",
            description = "the bearer key clients must send; the gateway's OPENAI_API_KEY (default: ${DEFAULT-VALUE})")
    String apiKey;

    @Override
    public Integer call() throws InterruptedException {
        int loops = Runtime.getRuntime().availableProcessors();
        // One event loop per core, one server instance per event loop, as the gateway and loadtest do.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
        RealtimeEchoServer server;
        try {
            server = RealtimeEchoServer.start(vertx, new RealtimeEchoServer.Options(host, port, apiKey, loops)).await();
        } catch (RuntimeException e) {
            System.err.println("fake-realtime: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            vertx.close().await();
            return 1;
        }
        System.out.println("OPENAI_REALTIME_URL=" + server.url());
        System.out.println("OPENAI_API_KEY=" + apiKey);
        System.out.flush();
        System.err.println("fake-realtime: echoing on " + server.url() + "; start the gateway with AGENT=realtime and "
                + "the two variables above, then run `callbridge loadtest`. Ctrl-C stops.");
        long[] last = {server.counters().appendsEchoed(), System.nanoTime()};
        vertx.setPeriodic(REPORT_MILLIS, t -> {
            RealtimeEchoServer.Counters c = server.counters();
            long appends = c.appendsEchoed();
            long now = System.nanoTime();
            double perSecond = (appends - last[0]) / ((now - last[1]) / 1e9);
            last[0] = appends;
            last[1] = now;
            System.err.println(String.format(Locale.ROOT, "fake-realtime: %d sessions open (%d in all, %d refused), "
                    + "%.0f appends/s echoed, %d errors sent", c.open(), c.sessions(), c.refused(), perSecond, c.errors()));
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
