package dev.callbridge.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.twilio.security.RequestValidator;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Our validator against the official Twilio Java SDK's {@link RequestValidator} on random
 * requests: URLs with and without (default and other) ports, unicode, percent-escapes and query
 * strings; parameters with empty values, unicode and repeated names.
 *
 * <p>The SDK takes one value per name. A repeated name is fed to it as the single value
 * {@code v1 + name + v2 + …} (distinct values, sorted), which yields the same signed string as
 * appending {@code name+v} per value.
 */
class TwilioSignatureSdkCrossCheckTest {
    private static final int CASES = 5_000;

    private final SplittableRandom random = new SplittableRandom(42);

    @Test
    void agreesWithTheSdkOnSignaturesMadeByEitherSide() throws Exception {
        int variantChecks = 0;
        for (int n = 0; n < CASES; n++) {
            String token = randomToken();
            RequestValidator sdk = new RequestValidator(token);
            String url = randomUrl();
            Map<String, List<String>> params = randomParams();
            Map<String, String> sdkParams = asSdkParams(params);
            String context = "url " + url + " params " + params;

            String ours = TwilioSignature.compute(token, url, params);
            String theirs = sdkSignature(sdk, url, sdkParams);
            assertThat(ours).as(context).isEqualTo(theirs);
            expectBoth(true, sdk, token, url, params, sdkParams, ours, context);

            // The default-port twin Twilio may have signed instead. The SDK rebuilds that URL through
            // java.net.URI, which decodes percent-escapes, so the twin only matches for escape-free URLs.
            String twin = defaultPortTwin(url);
            if (twin != null && !url.contains("%")) {
                expectBoth(true, sdk, token, url, params, sdkParams, TwilioSignature.compute(token, twin, params), context);
                variantChecks++;
            }

            // Signatures of something else.
            expectBoth(false, sdk, token, url, params, sdkParams,
                    TwilioSignature.compute(token + "x", url, params), context);
            expectBoth(false, sdk, token, url, params, sdkParams,
                    TwilioSignature.compute(token, url + "/", params), context);
            Map<String, List<String>> more = new LinkedHashMap<>(params);
            more.put("Zz" + n, List.of(""));
            expectBoth(false, sdk, token, url, params, sdkParams, TwilioSignature.compute(token, url, more), context);
        }
        assertThat(variantChecks).isGreaterThan(CASES / 4);
    }

    /** Documented differences: the SDK also strips non-default ports, and defaults wss to port 80. */
    @Test
    void differsFromTheSdkOnlyWhereTheSdkIsLooserThanTwilioMd() {
        String token = "12345";
        RequestValidator sdk = new RequestValidator(token);
        String portless = TwilioSignature.compute(token, "https://h.io/voice", Map.of());
        assertThat(sdk.validate("https://h.io:8443/voice", Map.of(), portless)).isTrue();
        assertThat(TwilioSignature.isValid(token, "https://h.io:8443/voice", Map.of(), portless)).isFalse();

        String wss443 = TwilioSignature.compute(token, "wss://h.io:443/media", Map.of());
        assertThat(sdk.validate("wss://h.io/media", Map.of(), wss443)).isFalse();
        assertThat(TwilioSignature.isValid(token, "wss://h.io/media", Map.of(), wss443)).isTrue();
    }

    private static void expectBoth(boolean expected, RequestValidator sdk, String token, String url,
                                   Map<String, List<String>> params, Map<String, String> sdkParams, String signature,
                                   String context) {
        boolean oursValid = TwilioSignature.isValid(token, url, params, signature);
        boolean sdkValid = sdk.validate(url, sdkParams, signature);
        if (oursValid != expected || sdkValid != expected) {
            fail("expected %s, ours %s, SDK %s for %s signature %s", expected, oursValid, sdkValid, context, signature);
        }
    }

    private static Map<String, String> asSdkParams(Map<String, List<String>> params) {
        Map<String, String> single = new LinkedHashMap<>();
        params.forEach((name, values) -> single.put(name, String.join(name, new TreeSet<>(values))));
        return single;
    }

    /** The SDK computes but does not expose signatures; its private method is the "their side". */
    private static String sdkSignature(RequestValidator sdk, String url, Map<String, String> params) throws Exception {
        Method method = RequestValidator.class.getDeclaredMethod("getValidationSignature", String.class, Map.class);
        method.setAccessible(true);
        return (String) method.invoke(sdk, url, params);
    }

    /** The same URL with its default port made explicit or dropped; null when the port is not a default one. */
    private static String defaultPortTwin(String url) {
        List<String> variants = TwilioSignature.urlVariants(url);
        return variants.size() > 1 ? variants.get(1) : null;
    }

    private String randomUrl() {
        String scheme = random.nextBoolean() ? "https" : "http";
        String host = pick("example.com", "mycompany.com", "a-b.c.example.org", "127.0.0.1", "localhost");
        String port = switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> scheme.equals("https") ? ":443" : ":80";
            case 2 -> ":" + (1024 + random.nextInt(60000));
            default -> "";
        };
        StringBuilder url = new StringBuilder(scheme).append("://").append(host).append(port);
        for (int segments = random.nextInt(4); segments > 0; segments--) {
            url.append('/').append(pick("twilio", "voice", "v1", "ünïcode", "%C3%A9t%C3%A9", "a.php", "x-y_z~"));
        }
        if (random.nextInt(4) == 0) {
            url.append('/');
        }
        if (random.nextBoolean()) {
            url.append('?');
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                url.append(pick("foo", "bar", "ünï", "a%20b")).append('=')
                        .append(pick("1", "", "%2B4930", "x:y", "äöü", "a+b")).append(n > 1 ? "&" : "");
            }
        }
        return url.toString();
    }

    private Map<String, List<String>> randomParams() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        String[] names = {"CallSid", "AccountSid", "From", "To", "CallStatus", "Digits", "ForwardedFrom", "caller",
            "Ünïcode", "StatusCallbackEvent", "a b", "Z"};
        for (int n = random.nextInt(8); n > 0; n--) {
            List<String> values = new ArrayList<>();
            for (int v = random.nextInt(6) == 0 ? 2 + random.nextInt(3) : 1; v > 0; v--) {
                values.add(pick("", "CA0123456789abcdef", "+4930123456", "in-progress", "ringing", "1", "😀 ü",
                        "a&b=c", "  spaced  "));
            }
            params.put(names[random.nextInt(names.length)], values);
        }
        return params;
    }

    private String randomToken() {
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }
}
