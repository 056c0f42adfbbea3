package dev.callbridge.sim;

import dev.callbridge.config.EnvSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Variables the simulator shares with the server (PORT, PUBLIC_URL, TWILIO_AUTH_TOKEN), read
 * exactly as the server reads them ({@link EnvSource}: the environment over {@code .env}), so
 * both sides agree on the token and the public URL.
 */
public final class LaunchEnvironment {
    private final Map<String, String> vars;

    LaunchEnvironment(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public static LaunchEnvironment current() {
        return new LaunchEnvironment(EnvSource.load(System.getenv(), Path.of(".env")));
    }

    /** A set, non-blank value. */
    public Optional<String> get(String name) {
        String v = vars.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }
}
