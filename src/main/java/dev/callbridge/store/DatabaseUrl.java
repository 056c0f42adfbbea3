package dev.callbridge.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code DATABASE_URL} turned into what the PostgreSQL driver takes. Accepts the
 * {@code postgres://user:pass@host:port/db?…} form that hosting platforms hand out,
 * {@code postgresql://…}, and {@code jdbc:postgresql://…}. Credentials are lifted out of the URL
 * into {@link #user()}/{@link #password()}, so {@link #jdbcUrl()} is safe to log and show.
 *
 * @param schema the {@code currentSchema} query parameter, or null: where the tables live
 */
record DatabaseUrl(String jdbcUrl, String user, String password, String schema) {

    static DatabaseUrl parse(String databaseUrl) {
        if (databaseUrl == null || databaseUrl.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL is not set; expected postgres://user:pass@host:port/db");
        }
        String url = databaseUrl.strip();
        if (url.startsWith("jdbc:postgresql://")) return fromJdbc(url);
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return fromUri(url);
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "(none)" : url.substring(0, colon);
        throw new IllegalArgumentException("DATABASE_URL must start with postgres://, postgresql:// or "
                + "jdbc:postgresql://, got scheme '" + scheme + "'");
    }

    /** Host, port and database only: what error messages may name. */
    String target() {
        String rest = jdbcUrl.substring("jdbc:postgresql://".length());
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
    }

    private static DatabaseUrl fromUri(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // The message quotes the input, which holds the password: name only the position.
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL (at character " + e.getIndex() + ")");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL has no host; expected postgres://user:pass@host:port/db");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
        Query query = Query.parse(uri.getRawQuery());
        user = query.user != null ? query.user : user;
        password = query.password != null ? query.password : password;
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + path + query.rest();
        return new DatabaseUrl(jdbc, user, password, query.schema);
    }

    /** Kept as written (it may list several hosts), but for the credentials in its query. */
    private static DatabaseUrl fromJdbc(String url) {
        int q = url.indexOf('?');
        if (q < 0) return new DatabaseUrl(url, null, null, null);
        Query query = Query.parse(url.substring(q + 1));
        return new DatabaseUrl(url.substring(0, q) + query.rest(), query.user, query.password, query.schema);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A query string with {@code user} and {@code password} taken out and {@code currentSchema} noted. */
    private record Query(String user, String password, String schema, List<String> others) {
        static Query parse(String raw) {
            String user = null;
            String password = null;
            String schema = null;
            List<String> others = new ArrayList<>();
            if (raw != null && !raw.isEmpty()) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    String key = eq < 0 ? pair : pair.substring(0, eq);
                    String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    switch (key) {
                        case "user" -> user = value;
                        case "password" -> password = value;
                        default -> {
                            if (key.equals("currentSchema")) schema = value;
                            others.add(pair);
                        }
                    }
                }
            }
            return new Query(user, password, schema, others);
        }

        String rest() {
            return others.isEmpty() ? "" : "?" + String.join("&", others);
        }
    }
}
