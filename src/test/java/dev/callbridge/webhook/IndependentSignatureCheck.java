package dev.callbridge.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a receiver checks {@code X-Callbridge-Signature}, written from the README's description and
 * deliberately not calling production code: parse {@code t} and {@code v1}, refuse a {@code t} more
 * than five minutes away, compute HMAC-SHA256 over {@code t + "." + body} and compare in constant time.
 */
public final class IndependentSignatureCheck {
    private IndependentSignatureCheck() {}

    public static boolean valid(String header, String body, String secret, long nowSeconds) throws Exception {
        if (header == null) return false;
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) continue;
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("t")) t = value;
            if (key.equals("v1")) v1 = value;
        }
        if (t == null || v1 == null) return false;
        if (Math.abs(nowSeconds - Long.parseLong(t)) > 300) return false;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : expected) hex.append(String.format("%02x", b));
        return MessageDigest.isEqual(hex.toString().getBytes(StandardCharsets.US_ASCII), v1.getBytes(StandardCharsets.US_ASCII));
    }
}
