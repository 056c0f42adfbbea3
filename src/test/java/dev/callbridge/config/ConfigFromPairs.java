package dev.callbridge.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A {@link Config} from variable/value pairs over a writable {@code DATA_DIR}, as a test states its environment. */
final class ConfigFromPairs {
    private ConfigFromPairs() {}

    static Config of(Path dataDir, String... kv) {
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", dataDir.toString());
        for (int i = 0; i < kv.length; i += 2) env.put(kv[i], kv[i + 1]);
        return Config.from(env);
    }
}
