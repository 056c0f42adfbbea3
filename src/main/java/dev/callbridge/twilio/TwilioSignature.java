package dev.callbridge.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Twilio-Signature} (protocols/twilio.md, section b): HMAC-SHA1 with the auth token over
 * the URL Twilio requested followed by the sorted form parameters, base64-encoded.
 *
 * <p>The URL must be the one Twilio used, raw query string included: behind a proxy, build it from
 * the configured public URL, not from the request. For the Media Streams WebSocket upgrade pass
 * the {@code wss://} URL written in the TwiML and no parameters.
 *
 * <p>A blank auth token is a configuration error and throws {@link IllegalArgumentException};
 * the caller decides whether unsigned requests are acceptable (DESIGN: loopback only).
 */
public final class TwilioSignature {
    private static final String HMAC_SHA1 = "HmacSHA1";

    private TwilioSignature() {}

    /**
     * The signature of a request. Parameter names are sorted (by UTF-16 code unit, like
     * JavaScript's default sort); a name with several values contributes {@code name+value} once
     * per distinct value, values sorted; a name with no values contributes nothing; a null value
     * counts as empty. That is what twilio-node does.
     */
    public static String compute(String authToken, String url, Map<String, List<String>> formParams) {
        StringBuilder signed = new StringBuilder(url);
        if (formParams != null) {
            List<String> names = new ArrayList<>(formParams.keySet());
            names.sort(null);
            for (String name : names) {
                Set<String> values = new TreeSet<>();
                for (String value : formParams.get(name)) {
                    values.add(value == null ? "" : value);
                }
                for (String value : values) {
                    signed.append(name).append(value);
                }
            }
        }
        // One UTF-8 encoding of the whole string, as the SDKs do: the bytes cannot differ at piece boundaries.
        return Base64.getEncoder().encodeToString(hmacSha1(authToken, signed.toString().getBytes(UTF_8)));
    }

    /**
     * Whether {@code signatureHeader} signs this request. Tries the URL as given, with the
     * scheme's default port added when it has none, and with it removed when it is the default
     * (https/wss 443, http/ws 80): Twilio is not consistent about default ports. Other ports
     * are kept as they are. Compares in constant time; a null or blank header is never valid.
     */
    public static boolean isValid(String authToken, String url, Map<String, List<String>> formParams,
                                  String signatureHeader) {
        requireToken(authToken);
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return false;
        }
        byte[] given = signatureHeader.getBytes(UTF_8);
        boolean valid = false;
        for (String candidate : urlVariants(url)) {
            // No early exit: every variant costs the same whether or not an earlier one matched.
            valid |= MessageDigest.isEqual(compute(authToken, candidate, formParams).getBytes(UTF_8), given);
        }
        return valid;
    }

    /**
     * The JSON-body variant: the URL carries {@code bodySHA256=<hex sha256 of the body>}, the
     * signature covers the URL alone. Valid only if both the signature and the body hash match;
     * {@code rawBody} must be the bytes as received, never re-serialised JSON.
     */
    public static boolean isValidJsonBody(String authToken, String url, byte[] rawBody, String signatureHeader) {
        requireToken(authToken);
        String claimedHash = queryParameter(url, "bodySHA256");
        if (claimedHash == null) {
            return false;
        }
        boolean signatureOk = isValid(authToken, url, Map.of(), signatureHeader);
        byte[] actualHash = HexFormat.of().formatHex(sha256(rawBody)).getBytes(UTF_8);
        boolean bodyOk = MessageDigest.isEqual(actualHash, claimedHash.toLowerCase(Locale.ROOT).getBytes(UTF_8));
        return signatureOk & bodyOk;
    }

    /** The URL as given first, then at most one default-port variant; everything else stays byte for byte. */
    static List<String> urlVariants(String url) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(url);
        int schemeEnd = url.indexOf("://");
        String defaultPort = schemeEnd <= 0 ? null : switch (url.substring(0, schemeEnd).toLowerCase(Locale.ROOT)) {
            case "https", "wss" -> "443";
            case "http", "ws" -> "80";
            default -> null;
        };
        if (defaultPort == null) {
            return List.copyOf(variants);
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = url.substring(authorityStart, authorityEnd);
        int hostStart = authority.lastIndexOf('@') + 1;
        int portColon = authority.lastIndexOf(':');
        boolean hasPort = portColon >= hostStart && authority.lastIndexOf(']') < portColon; // not an IPv6 colon
        if (!hasPort) {
            variants.add(url.substring(0, authorityEnd) + ":" + defaultPort + url.substring(authorityEnd));
        } else if (authority.substring(portColon + 1).equals(defaultPort)) {
            variants.add(url.substring(0, authorityStart + portColon) + url.substring(authorityEnd));
        }
        return List.copyOf(variants);
    }

    /** First raw value of {@code name} in the URL's query, or null. */
    private static String queryParameter(String url, String name) {
        int queryStart = url.indexOf('?');
        if (queryStart < 0) {
            return null;
        }
        int fragment = url.indexOf('#', queryStart);
        String query = url.substring(queryStart + 1, fragment < 0 ? url.length() : fragment);
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals >= 0 && pair.substring(0, equals).equals(name)) {
                return pair.substring(equals + 1);
            }
        }
        return null;
    }

    private static byte[] hmacSha1(String authToken, byte[] data) {
        requireToken(authToken);
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(new SecretKeySpec(authToken.getBytes(UTF_8), HMAC_SHA1));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every JDK", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static void requireToken(String authToken) {
        if (authToken == null || authToken.isEmpty()) {
            throw new IllegalArgumentException("Twilio auth token is not set");
        }
    }
}
