package dev.callbridge.rtp;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Warns about each kind of problem once per session: a misbehaving peer sends the same garbage
 * fifty times a second, and the metrics already count every occurrence. Not thread-safe: one
 * per session, used on its event loop.
 */
final class OnceLog {
    private final Logger log;
    private final String prefix;
    private final Set<String> seen = new HashSet<>();

    OnceLog(Logger log, String prefix) {
        this.log = log;
        this.prefix = prefix;
    }

    void warn(String kind, String message, Object... args) {
        if (seen.add(kind)) log.warn(prefix + message, args);
    }
}
