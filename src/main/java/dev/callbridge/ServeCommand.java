package dev.callbridge;

import dev.callbridge.config.Config;
import dev.callbridge.config.ConfigException;
import dev.callbridge.config.EnvSource;
import dev.callbridge.config.LogSetup;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

@Command(name = "serve", description = "Run the gateway (configuration from the environment and ./.env).")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Override
    public Integer call() throws InterruptedException {
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
            gateway = Gateway.start(config, vertx, () -> {
                long started = System.nanoTime();
                int frames = MediaWarmUp.run(MediaWarmUp.FRAMES, MediaWarmUp.BUDGET_MS);
                log.info("media path warmed up: {} synthetic frames in {} ms", frames, (System.nanoTime() - started) / 1_000_000);
            });
        } catch (ConfigException e) {
            System.err.println("callbridge: configuration error: " + e.getMessage());
            vertx.close();
            return 2;
        } catch (RuntimeException e) {
            System.err.println("callbridge: cannot start: " + rootMessage(e));
            vertx.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.stop();
            vertx.close().await();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
