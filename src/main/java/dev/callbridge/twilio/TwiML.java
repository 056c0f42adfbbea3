package dev.callbridge.twilio;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The TwiML documents callbridge answers Twilio with, written as text (protocols/twilio.md,
 * section a). Inputs are validated against Twilio's rules up front, so a bad document fails
 * here with a message naming the problem instead of as a Twilio application error mid-call.
 */
public final class TwiML {
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    /** Twilio's limit on one {@code <Parameter>}: name and value together stay under this. */
    static final int MAX_PARAMETER_LENGTH = 500;
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private TwiML() {}

    /**
     * {@code <Connect><Stream>}: a bidirectional media stream to {@code wssUrl}, with
     * {@code parameters} arriving in the {@code start} message's {@code customParameters}.
     * Twilio itself requires {@code wss://}; {@code ws://} is accepted too because local
     * development ({@code PUBLIC_URL=http://localhost:8080}, the simulator, tests) yields one.
     *
     * @throws IllegalArgumentException the URL is not an absolute {@code ws://} or {@code wss://} URL, has a
     *     query string (Twilio's handshake can fail on one, error 31920), or a parameter is
     *     empty-named, too long, or holds characters XML cannot carry
     */
    public static String connectStream(String wssUrl, Map<String, String> parameters) {
        requireStreamUrl(wssUrl);
        StringBuilder xml = new StringBuilder(256).append(DECLARATION)
                .append("<Response><Connect><Stream url=\"").append(escape(wssUrl, "stream url")).append("\">");
        parameters.forEach((name, value) -> {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("stream parameter name is empty");
            }
            if (value == null) {
                throw new IllegalArgumentException("stream parameter '" + name + "' has no value");
            }
            if (name.length() + value.length() >= MAX_PARAMETER_LENGTH) {
                throw new IllegalArgumentException("stream parameter '" + name + "': name and value together must be"
                        + " under " + MAX_PARAMETER_LENGTH + " characters, are " + (name.length() + value.length()));
            }
            xml.append("<Parameter name=\"").append(escape(name, "stream parameter name"))
                    .append("\" value=\"").append(escape(value, "stream parameter '" + name + "'")).append("\"/>");
        });
        return xml.append("</Stream></Connect></Response>").toString();
    }

    /**
     * Turns a call away: says {@code message} (if not blank) and hangs up. Used when
     * {@code MAX_CONCURRENT_CALLS} is reached.
     */
    public static String busy(String message) {
        StringBuilder xml = new StringBuilder(128).append(DECLARATION).append("<Response>");
        if (message != null && !message.isBlank()) {
            xml.append("<Say>").append(escape(message, "busy message")).append("</Say>");
        }
        return xml.append("<Hangup/></Response>").toString();
    }

    /**
     * Refuses the call without answering it: Twilio plays a busy tone or "not in service" and
     * does not bill it. For a voice webhook that must not start a call, such as a replayed one.
     */
    public static String reject() {
        return DECLARATION + "<Response><Reject/></Response>";
    }

    /**
     * Transfers the call to {@code number}.
     *
     * @throws IllegalArgumentException {@code number} is not E.164 ({@code +} and up to 15 digits)
     */
    public static String dial(String number) {
        if (number == null || !E164.matcher(number).matches()) {
            throw new IllegalArgumentException("dial number must be E.164 like +4930123456, was " + number);
        }
        return DECLARATION + "<Response><Dial><Number>" + number + "</Number></Dial></Response>";
    }

    private static void requireStreamUrl(String wssUrl) {
        if (wssUrl == null) {
            throw new IllegalArgumentException("stream url is missing");
        }
        URI uri;
        try {
            uri = new URI(wssUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("stream url is not a valid URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme();
        if (!("wss".equalsIgnoreCase(scheme) || "ws".equalsIgnoreCase(scheme)) || uri.getHost() == null) {
            throw new IllegalArgumentException("stream url must be an absolute ws:// or wss:// URL"
                    + " (Twilio itself requires wss://), was " + wssUrl);
        }
        if (uri.getRawQuery() != null || wssUrl.indexOf('?') >= 0) {
            throw new IllegalArgumentException("stream url must not have a query string (pass data as parameters): "
                    + wssUrl);
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("stream url must not have a fragment: " + wssUrl);
        }
    }

    /**
     * Escapes for both attribute values and text. Tab, CR and LF become character references so
     * that attribute-value normalisation does not turn them into spaces. Characters XML 1.0
     * cannot carry at all (other controls, lone surrogates, U+FFFE/U+FFFF) are rejected.
     */
    static String escape(String text, String what) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\t' -> out.append("&#9;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                default -> {
                    boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1));
                    if (pairedSurrogate) {
                        out.append(c).append(text.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                        throw new IllegalArgumentException(what + " contains U+" + String.format("%04X", (int) c)
                                + " at " + i + ", which XML cannot carry");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
