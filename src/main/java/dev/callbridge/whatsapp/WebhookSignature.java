package dev.callbridge.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>}, checked on
 * the bytes as received (never re-serialized JSON: Meta escapes non-ASCII), in constant time.
 */
public final class WebhookSignature {
    private static final String PREFIX = "sha256=";
    private final byte[] key;

    public WebhookSignature(String appSecret) {
        this.key = appSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** The header value Meta would send for {@code body}. */
    public String sign(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(body));
    }

    /** True only for a well-formed header whose digest matches; a missing header is false. */
    public boolean verify(byte[] body, String header) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) return false;
        String hex = header.substring(PREFIX.length()).strip();
        if (hex.length() != 64) return false;
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(body), given);
    }

    private byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
