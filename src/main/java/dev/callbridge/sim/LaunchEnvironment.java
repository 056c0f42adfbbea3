package dev.callbridge.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Variables the simulator shares with the server (PORT, PUBLIC_URL, TWILIO_AUTH_TOKEN): the
 * process environment first, then the optional {@code .env} file in the working folder, the
 * same precedence the server uses, so both sides agree on the token and the public URL.
 */
public final class LaunchEnvironment {
    private final Map<String, String> process;
    private final Map<String, String> dotEnv;

    LaunchEnvironment(Map<String, String> process, Map<String, String> dotEnv) {
        this.process = Map.copyOf(process);
        this.dotEnv = Map.copyOf(dotEnv);
    }

    public static LaunchEnvironment current() {
        return new LaunchEnvironment(System.getenv(), readDotEnv(Path.of(".env")));
    }

    /** A set, non-blank value. */
    public Optional<String> get(String name) {
        String v = process.get(name);
        if (v == null || v.isBlank()) v = dotEnv.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** {@code KEY=VALUE} lines; blank lines, {@code #} comments and an {@code export } prefix are allowed. */
    static Map<String, String> readDotEnv(Path file) {
        if (!Files.isRegularFile(file)) return Map.of();
        try {
            return parseDotEnv(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    static Map<String, String> parseDotEnv(String text) {
        Map<String, String> vars = new HashMap<>();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring(7).strip();
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            vars.put(line.substring(0, eq).strip(), value);
        }
        return vars;
    }
}
