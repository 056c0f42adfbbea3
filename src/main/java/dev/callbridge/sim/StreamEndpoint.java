package dev.callbridge.sim;

import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.Optional;

/**
 * Where the simulator opens the media stream that TwiML asked for.
 *
 * <p>The simulator is for local and development servers, whose TwiML names PUBLIC_URL's host
 * (a tunnel, or {@code localhost} while {@code --url} says {@code 127.0.0.1}). So the socket
 * always goes to the server given by {@code --url}: {@code ws} for {@code http}, {@code wss}
 * for {@code https}, with {@code --url}'s host and port and the TwiML URL's path and query.
 * When TwiML and {@code --url} name the same host and port this is the TwiML URL itself
 * (with TLS only if {@code --url} has it, since that is how the listener is reachable). The
 * upgrade is still signed over the TwiML URL as written, as Twilio does.
 *
 * @param twimlUrl   the {@code <Stream url>} exactly as written (what the signature covers)
 * @param ssl        whether to use TLS
 * @param host       host to connect to
 * @param port       port to connect to
 * @param requestUri path and query for the upgrade request
 */
public record StreamEndpoint(String twimlUrl, boolean ssl, String host, int port, String requestUri) {

    public static StreamEndpoint resolve(String twimlUrl, URI serverUrl) {
        URI stream = URI.create(twimlUrl);
        boolean ssl = "https".equals(serverUrl.getScheme());
        int port = serverUrl.getPort() != -1 ? serverUrl.getPort() : ssl ? 443 : 80;
        String path = stream.getRawPath() == null || stream.getRawPath().isEmpty() ? "/" : stream.getRawPath();
        String requestUri = stream.getRawQuery() == null ? path : path + "?" + stream.getRawQuery();
        return new StreamEndpoint(twimlUrl, ssl, serverUrl.getHost(), port, requestUri);
    }

    /** The URL actually connected to. */
    public String connectUrl() {
        return (ssl ? "wss://" : "ws://") + host + ":" + port + requestUri;
    }

    /** True when the socket goes somewhere other than the TwiML's host and port. */
    public boolean redirected() {
        URI stream = URI.create(twimlUrl);
        int twimlPort = stream.getPort() != -1 ? stream.getPort() : "wss".equals(stream.getScheme()) ? 443 : 80;
        return !host.equalsIgnoreCase(stream.getHost()) || port != twimlPort;
    }

    /** Upgrade options; the signature header goes lowercase, as Twilio's arrives. */
    public WebSocketConnectOptions connectOptions(Optional<String> signature) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setSsl(ssl).setHost(host).setPort(port).setURI(requestUri);
        signature.ifPresent(sig -> options.addHeader("x-twilio-signature", sig));
        return options;
    }
}
