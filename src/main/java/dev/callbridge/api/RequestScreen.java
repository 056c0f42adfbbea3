package dev.callbridge.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.MIMEHeader;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;

/**
 * The first route: refuses, with a 400 that names the fault, requests whose target or
 * {@code Content-Type} cannot be decoded, before any route or handler tries to and fails
 * with an exception (a bad percent-escape in the path or query, a charset nobody knows);
 * and multipart bodies, which no endpoint takes, with a 415.
 */
final class RequestScreen {
    private RequestScreen() {}

    static void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String fault = badEscape("path", request.path());
        if (fault == null) fault = badEscape("query", request.query());
        if (fault == null) fault = unknownCharset(rc.parsedHeaders().contentType());
        if (fault != null) {
            rc.fail(ApiError.badRequest(fault));
        } else if (isMultipart(rc.parsedHeaders().contentType())) {
            // No endpoint takes one (Twilio posts forms, the API JSON), and the multipart decoder fails in odd ways on bad ones.
            rc.fail(ApiError.ofStatus(415, "Content-Type: multipart bodies are not accepted; send application/json"
                    + " (or a form, to the Twilio webhooks)"));
        } else {
            rc.next();
        }
    }

    /** Every {@code %} must start an escape of two hex digits (RFC 3986 §2.1). */
    static String badEscape(String part, String raw) {
        if (raw == null) return null;
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                String escape = raw.substring(i, Math.min(raw.length(), i + 3));
                return part + ": invalid percent-escape '" + escape + "' at position " + i + " (a % must be followed by two hex digits)";
            }
        }
        return null;
    }

    private static boolean isMultipart(MIMEHeader contentType) {
        return contentType != null && "multipart".equalsIgnoreCase(contentType.component());
    }

    private static String unknownCharset(MIMEHeader contentType) {
        String charset = contentType == null ? null : contentType.parameter("charset");
        if (charset == null) return null;
        try {
            if (Charset.isSupported(charset)) return null;
        } catch (IllegalCharsetNameException e) {
            // falls through: not even a well-formed name
        }
        return "Content-Type: unknown charset '" + printable(charset) + "'";
    }

    /** Echoed input, cut short and stripped of control characters, so a reply never carries much of it. */
    static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
