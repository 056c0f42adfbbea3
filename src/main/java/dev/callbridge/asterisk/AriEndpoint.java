package dev.callbridge.asterisk;

import dev.callbridge.config.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Where ARI lives and how to authenticate: the REST base ({@code http://host:8088/ari}), the
 * Basic {@code Authorization} header, and the Stasis app. {@code ARI_URL} may be given with or
 * without the {@code /ari} suffix ({@code http://127.0.0.1:8088} and
 * {@code http://127.0.0.1:8088/ari/} mean the same); {@code https} gives {@code wss} events.
 */
record AriEndpoint(URI base, String authorization, String app) {

    static AriEndpoint of(URI ariUrl, String username, Secret password, String app) {
        Objects.requireNonNull(ariUrl, "ariUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (app == null || app.isBlank()) throw new IllegalArgumentException("the Stasis app name is required");
        String scheme = ariUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || ariUrl.getHost() == null) {
            throw new IllegalArgumentException("ARI URL must be http(s)://host[:port][/ari], got " + ariUrl);
        }
        String path = ariUrl.getRawPath() == null ? "" : ariUrl.getRawPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        if (!path.endsWith("/ari")) path = path + "/ari";
        URI base = URI.create(scheme + "://" + ariUrl.getRawAuthority() + path);
        String authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
        return new AriEndpoint(base, authorization, app);
    }

    /** {@code base + path + ?query}; null query values are left out. */
    String rest(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> {
            if (value != null) q.add(encode(name) + "=" + encode(value));
        });
        return base + path + q;
    }

    /** The events WebSocket for our app only: {@code subscribeAll=false}, as a call-control app wants. */
    String events() {
        String ws = base.getScheme().equals("https") ? "wss" : "ws";
        return ws + "://" + base.getRawAuthority() + base.getRawPath() + "/events?app=" + encode(app)
                + "&subscribeAll=false";
    }

    /** One path segment (a channel or bridge id): everything but unreserved characters percent-encoded. */
    static String segment(String id) {
        if (id == null || id.isEmpty()) throw new IllegalArgumentException("an id is required");
        return encode(id);
    }

    private static String encode(String s) {
        // URLEncoder writes form encoding; a space must be %20 in a path, and Asterisk decodes %20 in queries too.
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }

    @Override
    public String toString() {
        return "AriEndpoint[" + base + ", app=" + app + "]"; // never the credentials
    }
}
