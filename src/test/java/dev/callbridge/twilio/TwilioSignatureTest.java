package dev.callbridge.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The vectors of protocols/twilio.md section (b), and the rules around them. */
class TwilioSignatureTest {
    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, List<String>> PARAMS = Map.of(
            "CallSid", List.of("CA1234567890ABCDE"), "Caller", List.of("+12349013030"), "Digits", List.of("1234"),
            "From", List.of("+12349013030"), "To", List.of("+18005551212"));

    @Test
    void computesTheDocumentedFormVector() {
        assertThat(TwilioSignature.compute(TOKEN, URL, PARAMS)).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assertThat(TwilioSignature.compute(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", PARAMS))
                .isEqualTo("EpDEmp1PyjDYp77YxYU3GILBWzE=");
    }

    @Test
    void signsTheDocumentedConcatenation() {
        // Independent of compute(): HMAC over the exact string twilio.md spells out.
        String string = "https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+12349013030"
                + "Digits1234From+12349013030To+18005551212";
        assertThat(hmac(string)).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }

    @Test
    void acceptsTheSignatureWithOrWithoutTheDefaultPort() {
        String portless = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
        String withPort = "EpDEmp1PyjDYp77YxYU3GILBWzE=";
        String urlWithPort = "https://mycompany.com:443/myapp.php?foo=1&bar=2";
        assertThat(TwilioSignature.isValid(TOKEN, URL, PARAMS, portless)).isTrue();
        assertThat(TwilioSignature.isValid(TOKEN, URL, PARAMS, withPort)).isTrue();
        assertThat(TwilioSignature.isValid(TOKEN, urlWithPort, PARAMS, portless)).isTrue();
        assertThat(TwilioSignature.isValid(TOKEN, urlWithPort, PARAMS, withPort)).isTrue();
    }

    @Test
    void rejectsAnythingThatChanged() {
        String signature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
        Map<String, List<String>> changed = new HashMap<>(PARAMS);
        changed.put("Digits", List.of("1235"));
        Map<String, List<String>> extra = new HashMap<>(PARAMS);
        extra.put("ForwardedFrom", List.of("")); // empty parameters count: Twilio sends them
        assertThat(TwilioSignature.isValid(TOKEN, URL, changed, signature)).isFalse();
        assertThat(TwilioSignature.isValid(TOKEN, URL, extra, signature)).isFalse();
        assertThat(TwilioSignature.isValid("54321", URL, PARAMS, signature)).isFalse();
        assertThat(TwilioSignature.isValid(TOKEN, "http://mycompany.com/myapp.php?foo=1&bar=2", PARAMS, signature)).isFalse();
        assertThat(TwilioSignature.isValid(TOKEN, "https://mycompany.com/myapp.php/?foo=1&bar=2", PARAMS, signature)).isFalse();
        assertThat(TwilioSignature.isValid(TOKEN, "https://mycompany.com:8443/myapp.php?foo=1&bar=2", PARAMS, signature))
                .isFalse();
        assertThat(TwilioSignature.isValid(TOKEN, URL, PARAMS, signature.toLowerCase())).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void aMissingHeaderIsNeverValid(String header) {
        assertThat(TwilioSignature.isValid(TOKEN, URL, PARAMS, header)).isFalse();
        assertThat(TwilioSignature.isValidJsonBody(TOKEN, URL + "&bodySHA256=x", new byte[0], header)).isFalse();
    }

    @Test
    void aMissingAuthTokenIsAConfigurationError() {
        assertThatThrownBy(() -> TwilioSignature.isValid("", URL, PARAMS, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth token");
        assertThatThrownBy(() -> TwilioSignature.compute(null, URL, PARAMS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repeatedNamesContributeEachDistinctValueSorted() {
        Map<String, List<String>> params = Map.of("b", List.of("2", "1", "2"), "a", List.of(""), "c", List.of());
        assertThat(TwilioSignature.compute(TOKEN, URL, params)).isEqualTo(hmac(URL + "a" + "b1b2"));
    }

    @Test
    void sortsNamesByCodeUnitsSoUpperCaseComesFirst() {
        Map<String, List<String>> params = Map.of("a", List.of("1"), "B", List.of("2"), "é", List.of("3"));
        assertThat(TwilioSignature.compute(TOKEN, URL, params)).isEqualTo(hmac(URL + "B2a1é3"));
    }

    @Test
    void validatesTheDocumentedJsonBodyVector() {
        byte[] body = "{\"property\": \"value\", \"boolean\": true}".getBytes(UTF_8);
        String url = "https://mycompany.com/myapp.php?bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        String signature = "y77kIzt2vzLz71DgmJGsen2scGs=";
        assertThat(TwilioSignature.compute(TOKEN, url, Map.of())).isEqualTo(signature);
        assertThat(TwilioSignature.isValidJsonBody(TOKEN, url, body, signature)).isTrue();
        assertThat(TwilioSignature.isValidJsonBody(TOKEN, url.replace("https://mycompany.com/", "https://mycompany.com:443/"),
                body, signature)).isTrue();
        byte[] reserialised = "{\"property\":\"value\",\"boolean\":true}".getBytes(UTF_8);
        assertThat(TwilioSignature.isValidJsonBody(TOKEN, url, reserialised, signature)).isFalse();
        assertThat(TwilioSignature.isValidJsonBody(TOKEN, url, body, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isFalse();
        assertThat(TwilioSignature.isValidJsonBody(TOKEN, "https://mycompany.com/myapp.php", body,
                TwilioSignature.compute(TOKEN, "https://mycompany.com/myapp.php", Map.of()))).isFalse();
    }

    @Test
    void validatesTheMediaStreamUpgradeOverTheWssUrl() {
        String wss = "wss://example.com/media-stream";
        String signature = "XFfwGS2Ev7f9qAP9MmRoMS7C724=";
        assertThat(TwilioSignature.compute(TOKEN, wss, Map.of())).isEqualTo(signature);
        assertThat(TwilioSignature.isValid(TOKEN, wss, Map.of(), signature)).isTrue();
        assertThat(TwilioSignature.isValid(TOKEN, "wss://example.com:443/media-stream", Map.of(), signature)).isTrue();
        // What the HTTP stack sees is not what Twilio signed: the caller must rebuild the wss URL.
        assertThat(TwilioSignature.isValid(TOKEN, "https://example.com/media-stream", Map.of(), signature)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            https://h.io/p?q=1          | https://h.io:443/p?q=1
            https://h.io:443/p?q=1      | https://h.io/p?q=1
            HTTPS://h.io:443            | HTTPS://h.io
            http://h.io/p               | http://h.io:80/p
            http://h.io:80?x=a:80       | http://h.io?x=a:80
            wss://h.io/media            | wss://h.io:443/media
            ws://h.io:80/media#f        | ws://h.io/media#f
            https://u:pw@h.io/p         | https://u:pw@h.io:443/p
            https://[::1]/p             | https://[::1]:443/p
            https://[::1]:443/p         | https://[::1]/p
            https://h.io:8443/p         | -
            http://h.io:443/p           | -
            ftp://h.io/p                | -
            not a url                   | -
            """)
    void triesOnlyTheDefaultPortVariant(String url, String variant) {
        assertThat(TwilioSignature.urlVariants(url)).containsExactlyElementsOf(variant == null ? List.of(url) : List.of(url, variant));
    }

    private static String hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(TOKEN.getBytes(UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
