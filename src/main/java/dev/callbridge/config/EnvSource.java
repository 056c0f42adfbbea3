package dev.callbridge.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where configuration values come from: the process environment over an optional {@code .env}
 * file. A real environment variable always wins, so a deployment can override the file.
 */
public final class EnvSource {
    private EnvSource() {}

    public static Map<String, String> load(Map<String, String> environment, Path dotEnv) {
        Map<String, String> merged = new HashMap<>();
        if (dotEnv != null && Files.isRegularFile(dotEnv)) merged.putAll(parseDotEnv(dotEnv));
        merged.putAll(environment);
        return merged;
    }

    /** {@code KEY=value} lines; {@code #} comments, blank lines, {@code export } and quotes are allowed. */
    static Map<String, String> parseDotEnv(Path file) {
        try {
            return parseDotEnv(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static Map<String, String> parseDotEnv(String text, String name) {
        Map<String, String> values = new HashMap<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring(7).strip();
            int eq = line.indexOf('=');
            if (eq <= 0) throw new ConfigException(name + ":" + (i + 1), "expected KEY=value, got '" + line + "'");
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            } else {
                int comment = value.indexOf(" #");
                if (comment >= 0) value = value.substring(0, comment).strip();
            }
            values.put(key, value);
        }
        return values;
    }
}
