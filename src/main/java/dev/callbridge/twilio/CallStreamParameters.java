package dev.callbridge.twilio;

import dev.callbridge.call.Call;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code <Parameter>}s our TwiML gives a call's media stream, which Twilio echoes in the
 * stream's {@code start}: which call it is, and the call's secret, so that knowing a call id
 * is not enough to join it. Written by the voice webhook and the dialer, read by the media endpoint.
 */
final class CallStreamParameters {
    static final String CALL_ID = "callId";
    static final String CALL_TOKEN = "callToken";
    /** Present, as {@code b}, on the stream of an interpreted call's second party. */
    static final String PARTY = "party";

    private CallStreamParameters() {}

    static Map<String, String> of(Call call) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(CALL_ID, call.id());
        params.put(CALL_TOKEN, call.streamToken());
        return params;
    }

    /** The parameters of an interpreted call's second party's stream. */
    static Map<String, String> ofSecondParty(Call call) {
        Map<String, String> params = of(call);
        params.put(PARTY, "b");
        return params;
    }
}
