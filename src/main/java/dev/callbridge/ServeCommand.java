package dev.callbridge;

import dev.callbridge.config.Config;
import dev.callbridge.config.ConfigException;
import dev.callbridge.config.EnvSource;
import dev.callbridge.config.LogSetup;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "serve", description = "Run the gateway (configuration from the environment and ./.env).")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    /** How long a shutdown hook waits for the serving thread to stop the gateway. */
    private static final Duration HOOK_WAIT = Duration.ofSeconds(30);

    /** For the launcher's AOT training run (scripts/jvm-options): start up as usual, answer one {@code /health}, then stop. */
    @Option(names = "--exit-when-listening", hidden = true)
    boolean exitWhenListening;

    @Override
    public Integer call() throws InterruptedException {
        // First thing, so the codecs warm on one core while this thread reads the configuration and
        // starts Vert.x on the other; Gateway.start waits for it before listening. A daemon: a
        // configuration error exits without waiting for it.
        FutureTask<String> warming = new FutureTask<>(() -> {
            long started = System.nanoTime();
            int frames = MediaWarmUp.run(MediaWarmUp.FRAMES, MediaWarmUp.BUDGET_MS);
            return frames + " synthetic frames in " + (System.nanoTime() - started) / 1_000_000 + " ms";
        });
        Thread.ofPlatform().name("warm-up").daemon().start(warming);
        Config config;
        try {
            config = Config.from(EnvSource.load(System.getenv(), Path.of(".env")));
        } catch (ConfigException e) {
            System.err.println("callbridge: configuration error: " + e.getMessage());
            return 2;
        }
        LogSetup.apply(config.logging());
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        Gateway gateway;
        try {
            gateway = Gateway.start(config, vertx, () -> awaitWarmUp(warming));
        } catch (ConfigException e) {
            System.err.println("callbridge: configuration error: " + e.getMessage());
            vertx.close();
            return 2;
        } catch (RuntimeException e) {
            System.err.println("callbridge: cannot start: " + rootMessage(e));
            vertx.close();
            return 1;
        }
        if (exitWhenListening) {
            askForHealth(gateway.port());
            gateway.stop();
            vertx.close().await();
            return 0;
        }
        GracefulDrain drain = new GracefulDrain(gateway, config.http().drain());
        // Handled rather than left to the JVM: a shutdown hook would run beside other hooks and could
        // not see a second signal. The first SIGTERM or Ctrl-C drains; the second cuts it short.
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> drain.request("SIG" + s.getName()));
            } catch (IllegalArgumentException e) { // the JVM keeps it (-Xrs): the hook below still stops cleanly
                log.warn("SIG{} cannot be handled ({}): it stops the gateway without a drain", name, e.getMessage());
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // Any other way out (SIGHUP, System.exit) still ends the calls on the record and flushes the store, without waiting.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopped.getCount() == 0) return; // the drain ran: this is its own exit
            drain.requestNow("JVM shutdown");
            try {
                stopped.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        drain.awaitRequest();
        try {
            drain.run();
            vertx.close().await();
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /**
     * Logged here, not on the warm-up's thread, so the line goes out with the configured log format.
     * The warm-up keeps its own time budget; the extra second only guards against a thread that
     * never got a core.
     */
    private static void awaitWarmUp(FutureTask<String> warming) {
        try {
            log.info("media path warmed up: {}", warming.get(MediaWarmUp.BUDGET_MS + 1_000, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            log.warn("media warm-up still running after {} ms: listening without waiting for it", MediaWarmUp.BUDGET_MS + 1_000);
        } catch (ExecutionException e) {
            log.warn("media warm-up failed ({}): listening without it", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The training run's one request: an operator's first probe is {@code GET /health}, and the
     * classes that answer it (HTTP codec, router, store probe, JSON) then come from the AOT cache
     * too. Measured: the first probe of a fresh gateway cost its event loop ~270 ms of CPU
     * without them in the cache, ~90 ms with them.
     */
    private static void askForHealth(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            log.info("training request: GET /health answered {}", reply.lines().findFirst().orElse("nothing"));
        } catch (IOException e) {
            log.warn("training request: GET /health failed ({})", e.toString());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
