package dev.callbridge.asterisk;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The Asterisk 22.10.1 captures, copied from shared/fixtures/asterisk into
 * src/test/resources/dev/callbridge/asterisk so the tests run on a fresh clone.
 */
final class AriFixtures {
    /** Every capture of the events socket, one event per line. */
    static final List<String> EVENT_LOGS = List.of("all-events.jsonl", "pjsip-app-hangup/all-events.jsonl",
            "pjsip-caller-hangup/all-events.jsonl");

    private AriFixtures() {}

    static String read(String name) {
        try (InputStream in = AriFixtures.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalArgumentException("no test resource " + name);
            return new String(in.readAllBytes(), UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String name) {
        return read(name).lines().filter(line -> !line.isBlank()).toList();
    }

    /** Every captured event line of every log. */
    static List<String> allEventLines() {
        return EVENT_LOGS.stream().flatMap(log -> lines(log).stream()).toList();
    }
}
