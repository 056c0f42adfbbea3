package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.twilio.TwilioSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The abuse suite for the Twilio webhooks ({@code POST /twilio/voice}, {@code POST /twilio/status}):
 * the cases issue 9 found, then requests generated from a seeded {@link Random} (fields missing or
 * random, wrong types, giant values within the body limit, wrong content types and charsets, bad
 * signatures, replays, callbacks for unknown and ended calls, unknown statuses). Whatever comes
 * in: never a 5xx, every refusal in the JSON error shape, nothing created by a refused request,
 * the server stays up, and no ERROR in the log.
 */
class TwilioWebhookAbuseTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String PUBLIC_URL = "https://bot.example.com";
    private static final long SEED = 20260905L;
    private static final int GENERATED = 250;

    @TempDir
    Path dir;
    private ServerLog log;
    private GatewayFixture gw;

    @BeforeEach
    void start() {
        log = new ServerLog();
        gw = new GatewayFixture(dir, "TWILIO_AUTH_TOKEN", TOKEN, "PUBLIC_URL", PUBLIC_URL, "MAX_CONCURRENT_CALLS", "1000");
    }

    @AfterEach
    void stop() {
        gw.close();
        log.close();
    }

    /** One request exactly as sent. */
    private record Sent(String path, String contentType, byte[] body, String signature) {}

    private record Reply(int status, String body) {}

    private Reply send(Sent s) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(gw.base() + s.path());
        if (s.contentType() != null) options.putHeader("Content-Type", s.contentType());
        if (s.signature() != null) options.putHeader("X-Twilio-Signature", s.signature());
        return gw.http.request(options)
                .compose(r -> r.send(Buffer.buffer(s.body())).compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b.toString()))))
                .await();
    }

    private static String encode(Map<String, List<String>> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, vs) -> vs.forEach(v -> b.append(b.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return b.toString();
    }

    private static Sent signedForm(String path, Map<String, List<String>> params) {
        return new Sent(path, "application/x-www-form-urlencoded", encode(params).getBytes(StandardCharsets.UTF_8),
                TwilioSignature.compute(TOKEN, PUBLIC_URL + path, params));
    }

    private static Map<String, List<String>> voiceParams(String callSid) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        Calls.formParams(callSid).forEach((k, v) -> p.put(k, List.of(v)));
        return p;
    }

    private long totalCalls() {
        return gw.get("/stats").json().path("totalCalls").asLong();
    }

    /**
     * Sends {@code s} and checks what every webhook answer must be: no 5xx; a refusal is JSON
     * {@code {"error":{"code","message"}}} and created nothing; TwiML otherwise. Returns the reply.
     */
    private Reply check(Sent s, String what) {
        long before = totalCalls();
        Reply r = send(s);
        assertThat(r.status()).as("%s → %s", what, r.body()).isLessThan(500);
        if (r.status() >= 400) {
            JsonNode error;
            try {
                error = CallJson.mapper().readTree(r.body()).path("error");
            } catch (Exception e) {
                throw new AssertionError(what + ": a " + r.status() + " whose body is not JSON: " + r.body(), e);
            }
            assertThat(error.path("code").asText()).as(what).isNotBlank();
            assertThat(error.path("message").asText()).as(what).isNotBlank();
            assertThat(totalCalls()).as("%s: calls created by a refused request", what).isEqualTo(before);
        } else if (r.status() == 200) {
            assertThat(r.body()).as(what).startsWith("<?xml").contains("<Response>");
            if (r.body().contains("<Reject/>")) assertThat(totalCalls()).as("%s: calls created by a rejected replay", what).isEqualTo(before);
        } else {
            assertThat(r.status()).as("%s → %s", what, r.body()).isEqualTo(204);
            assertThat(totalCalls()).as("%s: a status callback creates no call", what).isEqualTo(before);
        }
        return r;
    }

    private void assertServerWellAndLogClean() {
        assertThat(gw.get("/health").status()).isEqualTo(200);
        assertThat(log.errors()).isEmpty();
    }

    @Test
    void theCasesFromTheIssue() {
        Map<String, List<String>> p = voiceParams("CA00000000000000000000000000000001");
        Sent good = signedForm("/twilio/voice", p);
        check(new Sent("/twilio/voice", good.contentType(), good.body(), null), "unsigned");
        check(new Sent("/twilio/voice", good.contentType(), good.body(), "AAAAAAAAAAAAAAAAAAAAAAAAAAA="), "bad signature");
        assertThat(check(signedForm("/twilio/voice", Map.of()), "empty signed form").status()).isEqualTo(400);
        String urlOnly = TwilioSignature.compute(TOKEN, PUBLIC_URL + "/twilio/voice", Map.of());
        assertThat(check(new Sent("/twilio/voice", "application/json", "{\"CallSid\":\"CA1\"}".getBytes(StandardCharsets.UTF_8), urlOnly),
                "signed JSON body").status()).isEqualTo(415);
        assertThat(check(new Sent("/twilio/voice", "text/plain", "CallSid=CA1".getBytes(StandardCharsets.UTF_8), urlOnly),
                "signed text body").status()).isEqualTo(415);
        assertThat(check(new Sent("/twilio/voice", null, new byte[0], urlOnly), "no body, no type").status()).isEqualTo(415);

        // A call that completes, then its webhook replayed.
        assertThat(check(good, "the real webhook").body()).contains("<Connect>");
        Map<String, List<String>> completed = new LinkedHashMap<>(p);
        completed.put("CallStatus", List.of("completed"));
        check(signedForm("/twilio/status", completed), "completed callback");
        assertThat(check(good, "replayed webhook").body()).contains("<Reject/>");

        Map<String, List<String>> unknownCall = new LinkedHashMap<>(completed);
        unknownCall.put("CallSid", List.of("CA99999999999999999999999999999999"));
        assertThat(check(signedForm("/twilio/status", unknownCall), "callback for an unknown call").status()).isEqualTo(204);
        assertThat(check(signedForm("/twilio/status", completed), "callback for an ended call").status()).isEqualTo(204);
        Map<String, List<String>> oddStatus = new LinkedHashMap<>(completed);
        oddStatus.put("CallStatus", List.of("teleported"));
        assertThat(check(signedForm("/twilio/status", oddStatus), "unknown CallStatus").status()).isEqualTo(400);

        Map<String, List<String>> giantSid = voiceParams("CA" + "7".repeat(60_000));
        assertThat(check(signedForm("/twilio/voice", giantSid), "a 60 kB CallSid").status()).isEqualTo(400);
        Map<String, List<String>> giantFrom = voiceParams("CA00000000000000000000000000000002");
        giantFrom.put("From", List.of("+" + "1".repeat(60_000)));
        check(signedForm("/twilio/voice", giantFrom), "a 60 kB From");
        Map<String, List<String>> overLimit = voiceParams("CA00000000000000000000000000000003");
        overLimit.put("Pad", List.of("x".repeat(70_000)));
        assertThat(check(signedForm("/twilio/voice", overLimit), "a body over the limit").status()).isEqualTo(413);
        assertServerWellAndLogClean();
    }

    @Test
    void generatedRequests() {
        Random random = new Random(SEED);
        List<Sent> endedCalls = new ArrayList<>();
        for (int i = 0; i < GENERATED; i++) {
            Sent s;
            String what;
            if (!endedCalls.isEmpty() && random.nextInt(10) == 0) {
                s = endedCalls.get(random.nextInt(endedCalls.size()));
                what = "#" + i + " replay of an ended call's webhook";
                assertThat(check(s, what).body()).as(what).contains("<Reject/>");
            } else {
                s = generate(random, i);
                what = "#" + i + " " + describe(s);
                Reply r = check(s, what);
                if (r.status() == 200 && r.body().contains("<Connect>") && random.nextInt(3) == 0) {
                    endedCalls.add(s);
                    end(Calls.callId(r.body()));
                }
            }
        }
        assertServerWellAndLogClean();
    }

    /** Ends a call as Twilio would tell us: a signed {@code completed} callback. */
    private void end(String callId) {
        String sid = gw.gateway.registry().find(callId).orElseThrow().record().providerCallId();
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("CallSid", List.of(sid));
        p.put("CallStatus", List.of("completed"));
        check(signedForm("/twilio/status", p), "ending " + callId);
    }

    private static final String[] CONTENT_TYPES = {
        "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
        "APPLICATION/X-WWW-FORM-URLENCODED", "application/x-www-form-urlencoded; charset=nonsense",
        "application/json", "text/plain", "text/xml", "multipart/form-data; boundary=b", "", "*/*", "garbage;;;=",
    };
    private static final String[] FIELDS = {"CallSid", "AccountSid", "From", "To", "CallStatus", "Direction", "ApiVersion",
        "CallerName", "ForwardedFrom", "SequenceNumber", "CallDuration", "", "callId", "Call Sid", "X-Junk"};
    private static final String[] STATUSES = {"queued", "initiated", "ringing", "in-progress", "completed", "busy", "failed",
        "no-answer", "canceled", "rejected", "", "COMPLETED", "answered", "null", "0"};

    private Sent generate(Random random, int i) {
        String path = random.nextBoolean() ? "/twilio/voice" : "/twilio/status";
        Map<String, List<String>> params = new LinkedHashMap<>();
        boolean wellFormed = random.nextInt(3) == 0;
        if (wellFormed) params.putAll(voiceParams(String.format("CA%032d", 1000 + i)));
        int extra = random.nextInt(5);
        for (int f = 0; f < extra; f++) {
            String name = FIELDS[random.nextInt(FIELDS.length)];
            List<String> values = new ArrayList<>();
            int count = random.nextInt(8) == 0 ? 2 : 1; // sometimes a field twice
            for (int v = 0; v < count; v++) values.add(name.equals("CallStatus") ? STATUSES[random.nextInt(STATUSES.length)] : value(random));
            params.put(name, values);
        }
        String contentType = random.nextInt(4) == 0 ? CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)] : CONTENT_TYPES[0];
        byte[] body = switch (random.nextInt(10)) {
            case 0 -> randomBytes(random, random.nextInt(200));                        // not a form at all
            case 1 -> "CallSid=%zz&From=%E2%28%A1&To=%".getBytes(StandardCharsets.UTF_8); // bad escapes and UTF-8
            default -> encode(params).getBytes(StandardCharsets.UTF_8);
        };
        String signature = switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> "bm90IGEgc2lnbmF0dXJl";
            case 2 -> TwilioSignature.compute(TOKEN, PUBLIC_URL + "/twilio/other", params); // for another URL
            default -> TwilioSignature.compute(TOKEN, PUBLIC_URL + path, params);
        };
        return new Sent(path, contentType.isEmpty() ? null : contentType, body, signature);
    }

    private static String value(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> "x".repeat(random.nextInt(20_000));                       // giant, within the body limit
            case 2 -> "CA" + Long.toHexString(random.nextLong());
            case 3 -> "+1555" + random.nextInt(10_000_000);
            case 4 -> "\u00e9\u4e2d\ud83d\ude00<>&\"'\\\u0000\u0007";               // XML and JSON specials, controls
            case 5 -> String.valueOf(random.nextDouble());
            case 6 -> "%zz%00%ff";
            default -> Long.toString(random.nextLong(), 36);
        };
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String describe(Sent s) {
        String body = new String(s.body(), StandardCharsets.UTF_8);
        return "POST " + s.path() + " [" + s.contentType() + "] " + (s.signature() == null ? "unsigned " : "signed ")
                + (body.length() > 160 ? body.substring(0, 160) + "… (" + body.length() + " chars)" : body);
    }
}
