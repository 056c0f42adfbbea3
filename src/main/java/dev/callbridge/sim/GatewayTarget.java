package dev.callbridge.sim;

import dev.callbridge.twilio.TwilioSignature;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The callbridge server under test, seen from Twilio's side.
 *
 * @param serverUrl where requests actually go ({@code --url})
 * @param publicUrl what the server believes Twilio calls (its PUBLIC_URL): webhook signatures
 *                  are computed over this, exactly as Twilio signs the URL it was configured with
 * @param authToken Twilio auth token to sign with; empty → requests go unsigned
 */
public record GatewayTarget(URI serverUrl, URI publicUrl, Optional<String> authToken) {
    public static final String VOICE_PATH = "/twilio/voice";
    public static final String STATUS_PATH = "/twilio/status";

    public GatewayTarget {
        serverUrl = withoutTrailingSlash(serverUrl);
        publicUrl = withoutTrailingSlash(publicUrl);
        if (!"http".equals(serverUrl.getScheme()) && !"https".equals(serverUrl.getScheme()) || serverUrl.getHost() == null) {
            throw new IllegalArgumentException("--url must be an absolute http(s) URL, got " + serverUrl);
        }
    }

    /**
     * Defaults as the server computes them: {@code --url} is {@code http://127.0.0.1:$PORT};
     * PUBLIC_URL is {@code http://localhost:$PORT}; PORT defaults to 8080.
     */
    public static GatewayTarget resolve(URI urlOption, URI publicUrlOption, LaunchEnvironment env) {
        String port = env.get("PORT").orElse("8080");
        URI server = urlOption != null ? urlOption : URI.create("http://127.0.0.1:" + port);
        URI publicUrl = publicUrlOption != null ? publicUrlOption
                : env.get("PUBLIC_URL").map(URI::create).orElse(URI.create("http://localhost:" + port));
        return new GatewayTarget(server, publicUrl, env.get("TWILIO_AUTH_TOKEN"));
    }

    public URI requestUrl(String path) {
        return URI.create(serverUrl + path);
    }

    /** The X-Twilio-Signature for a form POST to {@code path}, or empty without a token. */
    public Optional<String> formSignature(String path, Map<String, List<String>> form) {
        return authToken.map(token -> TwilioSignature.compute(token, publicUrl + path, form));
    }

    /** The X-Twilio-Signature for a form POST to a URL the server gave (a {@code StatusCallback}), over it as written. */
    public Optional<String> formSignatureOver(String url, Map<String, List<String>> form) {
        return authToken.map(token -> TwilioSignature.compute(token, url, form));
    }

    /**
     * Where a request to a URL the server gave actually goes: {@code --url}'s scheme, host and port
     * with that URL's path and query, as for the stream ({@link StreamEndpoint}).
     */
    public URI resolve(String serverGivenUrl) {
        URI given = URI.create(serverGivenUrl);
        String path = given.getRawPath() == null || given.getRawPath().isEmpty() ? "/" : given.getRawPath();
        return URI.create(serverUrl + path + (given.getRawQuery() == null ? "" : "?" + given.getRawQuery()));
    }

    /** The X-Twilio-Signature for a stream upgrade: over the TwiML URL as written, no parameters. */
    public Optional<String> streamSignature(String twimlStreamUrl) {
        return authToken.map(token -> TwilioSignature.compute(token, twimlStreamUrl, Map.of()));
    }

    private static URI withoutTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }
}
