package dev.callbridge.twilio;

import dev.callbridge.api.Loopback;
import dev.callbridge.config.Secret;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a request really comes from Twilio: a valid {@code X-Twilio-Signature}
 * over the URL Twilio used, rebuilt from {@code PUBLIC_URL} (never from the request, which
 * a proxy may have rewritten). Without {@code TWILIO_AUTH_TOKEN}, only loopback clients are
 * trusted: the simulator and local tests.
 */
public final class TwilioRequestAuth {
    public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    private final Secret authToken;
    private final URI publicUrl;

    public TwilioRequestAuth(Secret authToken, URI publicUrl) {
        this.authToken = authToken;
        this.publicUrl = publicUrl;
    }

    /** A form-encoded webhook (voice, status). */
    public boolean allowsWebhook(HttpServerRequest request, MultiMap form) {
        if (authToken == null) return Loopback.isClient(request);
        String url = publicUrl + request.uri();
        return TwilioSignature.isValid(authToken.reveal(), url, toMap(form), request.getHeader(SIGNATURE_HEADER));
    }

    /** The Media Streams upgrade, signed over the {@code wss://} URL written in the TwiML. */
    public boolean allowsMediaUpgrade(HttpServerRequest request) {
        if (authToken == null) return Loopback.isClient(request);
        return TwilioSignature.isValid(authToken.reveal(), mediaStreamUrl(publicUrl) + queryOf(request), Map.of(),
                request.getHeader(SIGNATURE_HEADER));
    }

    /** The stream URL that TwiML points Twilio at: PUBLIC_URL with ws(s) instead of http(s). */
    public static String mediaStreamUrl(URI publicUrl) {
        String base = publicUrl.toString();
        String ws = base.startsWith("https:") ? "wss:" + base.substring(6) : "ws:" + base.substring(5);
        return ws + "/ws/twilio-media";
    }

    private static String queryOf(HttpServerRequest request) {
        String q = request.query();
        return q == null ? "" : "?" + q;
    }

    private static Map<String, List<String>> toMap(MultiMap form) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String name : form.names()) params.put(name, form.getAll(name));
        return params;
    }
}
