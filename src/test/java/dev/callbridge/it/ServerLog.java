package dev.callbridge.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Everything an in-process gateway logs at WARN and above while this is open (the root logger's
 * events, Vert.x's and Netty's included), for tests that assert what the server did not log.
 */
public final class ServerLog implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    public ServerLog() {
        events.start();
        root.addAppender(events);
    }

    /** ERROR lines as "logger - message: exception", one per event. */
    public List<String> errors() {
        return atLeast(Level.ERROR);
    }

    public List<String> atLeast(Level level) {
        synchronized (events) { // AppenderBase appends under the appender's own lock
            return events.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(level)).map(ServerLog::line).toList();
        }
    }

    private static String line(ILoggingEvent e) {
        IThrowableProxy t = e.getThrowableProxy();
        return e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()
                + (t == null ? "" : ": " + t.getClassName() + ": " + t.getMessage());
    }

    @Override
    public void close() {
        root.detachAppender(events);
    }
}
