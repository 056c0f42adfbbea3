package dev.callbridge.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads and checks single values from the environment; every failure names its variable. */
record EnvReader(Map<String, String> env) {
    String raw(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    String string(String name, String dflt) {
        String v = raw(name);
        return v == null ? dflt : v;
    }

    int integer(String name, int dflt, int min, int max) {
        String v = raw(name);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw new ConfigException(name, "must be between " + min + " and " + max + ", got " + v);
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a whole number, got '" + v + "'");
        }
    }

    double decimal(String name, double dflt, double min, double max) {
        String v = raw(name);
        if (v == null) return dflt;
        // Plain decimals only: Java would also take "NaN", "1e-1" or "0.5f".
        if (!v.matches("[0-9]+(\\.[0-9]+)?|\\.[0-9]+")) throw new ConfigException(name, "must be a number like 0.5, got '" + v + "'");
        double d = Double.parseDouble(v);
        if (d < min || d > max) throw new ConfigException(name, "must be between " + min + " and " + max + ", got " + v);
        return d;
    }

    String oneOf(String name, String dflt, Set<String> allowed) {
        String v = string(name, dflt).toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) throw new ConfigException(name, "must be one of " + allowed + ", got '" + v + "'");
        return v;
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, E dflt) {
        String v = raw(name);
        if (v == null) return dflt;
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + v + "'");
        }
    }

    List<String> list(String name) {
        String v = raw(name);
        if (v == null) return List.of();
        return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    URI httpUrl(String name, String dflt) {
        return url(name, dflt, Set.of("http", "https"));
    }

    URI url(String name, String dflt, Set<String> schemes) {
        String v = string(name, dflt);
        try {
            URI uri = new URI(v);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
                throw new ConfigException(name, "must be an absolute " + schemes + " URL, got '" + v + "'");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new ConfigException(name, "must not have a query or fragment, got '" + v + "'");
            }
            // A trailing slash would double up when paths are appended.
            String s = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new ConfigException(name, "is not a valid URL: '" + v + "'");
        }
    }
}
