package dev.callbridge.engine.openai;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Reads the protocol examples under src/test/resources/dev/callbridge/engine/openai. */
final class RealtimeFixtures {
    private RealtimeFixtures() {}

    static String read(String name) {
        try (InputStream in = RealtimeFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String server(String eventFile) {
        return read("server/" + eventFile + ".json");
    }

    static List<String> lines(String name) {
        return read(name).lines().filter(line -> !line.isBlank()).toList();
    }
}
