package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.sim.TwimlAnswer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small steps shared by the end-to-end tests. */
public final class Calls {
    private static final Pattern CALL_ID = Pattern.compile("name=\"callId\" value=\"(c_[0-9a-f]+)\"");
    private static final Pattern METRIC_LINE = Pattern.compile("^(\\w+)(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

    private Calls() {}

    public static String form(String callSid) {
        return form(callSid, "+15551230000");
    }

    /** The voice webhook's form for a call from {@code from} (E.164). */
    public static String form(String callSid, String from) {
        return "CallSid=" + callSid + "&AccountSid=AC00000000000000000000000000000001&From="
                + java.net.URLEncoder.encode(from, java.nio.charset.StandardCharsets.UTF_8) + "&To=%2B15559870000"
                + "&CallStatus=ringing&Direction=inbound&ApiVersion=2010-04-01";
    }

    /**
     * What a {@code <Connect><Stream>} answer tells Twilio to send back in the stream's {@code start}:
     * every {@code <Parameter>} of the TwiML ({@code callId} and the call's secret among them).
     */
    public record StreamAnswer(String callId, Map<String, String> parameters) {}

    /** The stream parameters of a TwiML answer, read with the simulator's TwiML parser. */
    public static StreamAnswer streamAnswer(String twiml) {
        TwimlAnswer answer = TwimlAnswer.parse(twiml);
        assertThat(answer).as("TwiML connects a stream: %s", twiml).isInstanceOf(TwimlAnswer.ConnectStream.class);
        Map<String, String> parameters = ((TwimlAnswer.ConnectStream) answer).parameters();
        return new StreamAnswer(parameters.get("callId"), parameters);
    }

    /** Posts the voice webhook as Twilio would for a new inbound call; returns what its TwiML asks the stream to echo. */
    public static StreamAnswer answered(GatewayFixture gw, String callSid) {
        return answered(gw, callSid, "+15551230000");
    }

    /** The same, for a call from {@code from}. */
    public static StreamAnswer answered(GatewayFixture gw, String callSid, String from) {
        GatewayFixture.Response r = gw.postForm("/twilio/voice", form(callSid, from), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return streamAnswer(r.body());
    }

    /** A new inbound call answered and its stream started on {@code twilio}: in progress once this returns; its id. */
    public static String inProgress(GatewayFixture gw, RawTwilioStream twilio, String callSid) {
        StreamAnswer answer = answered(gw, callSid);
        twilio.connected();
        twilio.start(answer);
        awaitStatus(gw, answer.callId(), "in-progress");
        return answer.callId();
    }

    /** The same, signed with {@code authToken} over the gateway's default PUBLIC_URL. */
    public static StreamAnswer answeredSigned(GatewayFixture gw, String callSid, String authToken) {
        GatewayFixture.Response r = gw.postForm("/twilio/voice", form(callSid), Map.of("X-Twilio-Signature",
                Signing.sign(authToken, "http://localhost:0/twilio/voice", formParams(callSid))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return streamAnswer(r.body());
    }

    /** The voice webhook to a {@code serve} process; returns what its TwiML asks the stream to echo. */
    public static StreamAnswer answered(ServeProcess serve, String callSid, Map<String, String> headers) {
        ServeProcess.Reply r = serve.postForm("/twilio/voice", form(callSid), headers);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return streamAnswer(r.body());
    }

    /**
     * Posts {@code params} as a form to {@code path}, signed with {@code authToken} over {@code publicUrl + path}
     * as Twilio signs a webhook.
     */
    public static GatewayFixture.Response postSigned(GatewayFixture gw, String path, String publicUrl, String authToken,
                                                     Map<String, String> params) {
        StringBuilder body = new StringBuilder();
        params.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8))
                .append('=').append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        return gw.postForm(path, body.toString(), Map.of("X-Twilio-Signature", Signing.sign(authToken, publicUrl + path, params)));
    }

    /** {@link #form} as the parameters Twilio signs. */
    public static Map<String, String> formParams(String callSid) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (String kv : form(callSid).split("&")) {
            params.put(kv.split("=")[0], java.net.URLDecoder.decode(kv.split("=")[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return params;
    }

    /** Posts the voice webhook as Twilio would for a new inbound call and returns the callId from the TwiML. */
    public static String inbound(GatewayFixture gw, String callSid) {
        return inbound(gw, callSid, Map.of());
    }

    private static String inbound(GatewayFixture gw, String callSid, Map<String, String> headers) {
        GatewayFixture.Response r = gw.postForm("/twilio/voice", form(callSid), headers);
        assertThat(r.status()).isEqualTo(200);
        return callId(r.body());
    }

    /** The voice webhook as Twilio would post it for a new inbound call, to a {@code serve} process; returns the callId. */
    public static String inbound(ServeProcess serve, String callSid, Map<String, String> headers) {
        ServeProcess.Reply r = serve.postForm("/twilio/voice", form(callSid), headers);
        assertThat(r.status()).isEqualTo(200);
        return callId(r.body());
    }

    /** The callId a {@code <Connect><Stream>} TwiML answer passes as a parameter. */
    public static String callId(String twiml) {
        Matcher m = CALL_ID.matcher(twiml);
        assertThat(m.find()).as("TwiML names the call: %s", twiml).isTrue();
        return m.group(1);
    }

    /** Waits until the call's record shows {@code status}, then returns the record. */
    public static com.fasterxml.jackson.databind.JsonNode awaitStatus(GatewayFixture gw, String callId, String status) {
        org.awaitility.Awaitility.await().until(() -> gw.get("/api/calls/" + callId).json().path("status").asText().equals(status));
        return gw.get("/api/calls/" + callId).json();
    }

    /** The value of one Prometheus series whose labels include all of {@code labels}; 0 when absent. */
    public static double metric(GatewayFixture gw, String name, String... labels) {
        return metric(gw.get("/metrics").body(), name, labels);
    }

    /** The same, from a {@code serve} process. */
    public static double metric(ServeProcess serve, String name, String... labels) {
        return metric(serve.get("/metrics").body(), name, labels);
    }

    private static double metric(String text, String name, String... labels) {
        Matcher m = METRIC_LINE.matcher(text);
        double sum = 0;
        while (m.find()) {
            if (!m.group(1).equals(name)) continue;
            String l = m.group(2) == null ? "" : m.group(2);
            boolean all = true;
            for (String label : labels) all &= l.contains(label);
            if (all) sum += Double.parseDouble(m.group(3));
        }
        return sum;
    }
}
