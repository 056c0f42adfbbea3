package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Refused upgrades and error closes map to kinds by status, close code and Deepgram's DATA/NET codes, and never show the key. */
class ListenFailuresTest {
    private static final String KEY = "dg-secret-key";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void refusalBodiesInAllThreeShapes() {
        EngineFailure legacy = ListenFailures.refused(400, "ignored when the body speaks", null,
                bytes("{\"err_code\":\"Bad Request\",\"err_msg\":\"Invalid query string. Unknown model.\",\"request_id\":\"r\"}"), KEY);
        assertThat(legacy.kind()).isEqualTo(Kind.REJECTED);
        assertThat(legacy.getMessage()).isEqualTo("Deepgram: HTTP 400 rejected: Invalid query string. Unknown model. [Bad Request]");

        EngineFailure modern = ListenFailures.refused(404, null, null,
                bytes("{\"category\":\"NOT_FOUND\",\"message\":\"No such model.\",\"details\":\"x\",\"request_id\":\"r\"}"), KEY);
        assertThat(modern.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(modern.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(modern.serverMessage()).isEqualTo("No such model.");

        EngineFailure text = ListenFailures.refused(401, null, null, bytes("Invalid credentials for " + KEY), KEY);
        assertThat(text.getMessage()).isEqualTo("Deepgram: HTTP 401 unauthorized: Invalid credentials for ****");

        EngineFailure headerOnly = ListenFailures.refused(503, "Service unavailable", "1.5", new byte[0], KEY);
        assertThat(headerOnly.getMessage()).isEqualTo("Deepgram: HTTP 503 server_error: Service unavailable (retry after 1500 ms)");
        assertThat(ListenFailures.refused(200, null, null, new byte[0], KEY).kind()).isEqualTo(Kind.PROTOCOL);
    }

    @Test
    void closeCodesAndReasons() {
        assertThat(ListenFailures.closed(1008, "DATA-0000", KEY).kind()).isEqualTo(Kind.REJECTED);
        assertThat(ListenFailures.closed(1002, "DATA-0000", KEY).errorCode()).isEqualTo("DATA-0000");
        EngineFailure net = ListenFailures.closed(1011,
                "Deepgram did not provide a response message within the timeout window. See https://dpgr.am/net0000", KEY);
        assertThat(net.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(net.errorCode()).isEqualTo("NET-0000");
        assertThat(ListenFailures.closed(1011, "NET-0001", KEY).getMessage()).isEqualTo("Deepgram timed out the stream: close 1011 NET-0001");
        assertThat(ListenFailures.closed(1011, null, KEY).kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(ListenFailures.closed(1013, "try again later", KEY).kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(ListenFailures.closed(1008, "policy", KEY).kind()).isEqualTo(Kind.REJECTED);
        assertThat(ListenFailures.closed(1006, null, KEY).kind()).isEqualTo(Kind.DROPPED);
        assertThat(ListenFailures.closed(4000, "something new", KEY).kind()).isEqualTo(Kind.STREAM_ERROR);
        assertThat(ListenFailures.closed(1011, "bad key " + KEY, KEY).getMessage()).doesNotContain(KEY);
    }
}
