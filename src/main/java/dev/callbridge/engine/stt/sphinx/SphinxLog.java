package dev.callbridge.engine.stt.sphinx;

import edu.cmu.sphinx.util.SphinxLogFormatter;
import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Sphinx4's java.util.logging records to our SLF4J logs under {@code edu.cmu.sphinx}, one
 * level down: its INFO (a dozen lines per model load, timings after every utterance) becomes DEBUG,
 * WARNING stays WARN, SEVERE becomes ERROR.
 *
 * <p>Sphinx logs under two roots. Components a recognizer's configuration builds log under the
 * configuration file's name ({@value #CONFIGURED}); left alone, the configuration manager sets that
 * logger to INFO and gives it a console handler writing to stderr past our log format. It adds that
 * handler only when the logger has none formatted by a {@link SphinxLogFormatter}; this handler
 * carries one, so it never does. Components made directly (the grammar check's dictionary and
 * grammar) log under their class names ({@value #CLASSES}), which would reach JUL's own console.
 */
final class SphinxLog extends Handler {
    /** {@code default.config.xml}, the configuration {@code edu.cmu.sphinx.api.Context} loads, minus {@code .xml}. */
    static final String CONFIGURED = "default.config";
    static final String CLASSES = "edu.cmu.sphinx";
    /** JUL keeps loggers weakly: these references keep the handlers on them. */
    private static final Logger[] ROOTS = {Logger.getLogger(CONFIGURED), Logger.getLogger(CLASSES)};
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("edu.cmu.sphinx");

    private SphinxLog() {
        setFormatter(new SphinxLogFormatter());
    }

    /** Installs the bridge once per process (JUL's loggers are global); call before loading a recognizer. */
    static synchronized void install() {
        for (Logger root : ROOTS) {
            if (Arrays.stream(root.getHandlers()).anyMatch(h -> h instanceof SphinxLog)) continue;
            root.setUseParentHandlers(false);
            root.addHandler(new SphinxLog());
        }
    }

    @Override
    public void publish(LogRecord record) {
        int level = record.getLevel().intValue();
        String name = record.getLoggerName() == null ? "" : record.getLoggerName();
        String where = name.startsWith(CONFIGURED + ".") ? name.substring(CONFIGURED.length() + 1) : name;
        if (level >= Level.SEVERE.intValue()) LOG.error("{}: {}", where, record.getMessage(), record.getThrown());
        else if (level >= Level.WARNING.intValue()) LOG.warn("{}: {}", where, record.getMessage());
        else if (level >= Level.INFO.intValue()) LOG.debug("{}: {}", where, record.getMessage());
        else LOG.trace("{}: {}", where, record.getMessage());
    }

    @Override
    public void flush() { }

    @Override
    public void close() { }
}
