package dev.callbridge.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/** Applies {@code LOG_LEVEL} and {@code LOG_FORMAT} to Logback, replacing its default console set-up. */
public final class LogSetup {
    private LogSetup() {}

    public static void apply(Config.Logging logging) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        Encoder<ILoggingEvent> encoder;
        if (logging.format() == Config.LogFormat.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setWithFormattedMessage(true);
            json.setWithMessage(false);
            json.setWithArguments(false);
            encoder = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
            encoder = text;
        }
        encoder.setContext(ctx);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("console");
        console.setEncoder(encoder);
        console.start();
        root.addAppender(console);
        root.setLevel(Level.toLevel(logging.level(), Level.INFO));
        // Third-party chatter stays at warn unless we are debugging.
        Level libraries = root.getLevel().isGreaterOrEqual(Level.INFO) ? Level.WARN : root.getLevel();
        for (String name : new String[] {"io.netty", "com.zaxxer.hikari", "org.flywaydb", "io.vertx"}) {
            ctx.getLogger(name).setLevel(libraries);
        }
    }
}
