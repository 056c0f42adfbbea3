package dev.callbridge.it;

import dev.callbridge.twilio.TwilioSignature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs requests the way Twilio does, for the fakes. It uses our own signer, which
 * {@code TwilioSignatureSdkCrossCheckTest} holds to the official SDK's validator.
 */
public final class Signing {
    private Signing() {}

    public static String sign(String authToken, String url, Map<String, String> params) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        params.forEach((k, v) -> multi.put(k, List.of(v)));
        return TwilioSignature.compute(authToken, url, multi);
    }
}
