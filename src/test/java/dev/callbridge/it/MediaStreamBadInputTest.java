package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input on {@code /ws/twilio-media} is counted, and the call goes on where
 * it can; where it cannot (a message over the limit, among others), the socket closes with a
 * reason and the record says why.
 */
class MediaStreamBadInputTest {
    private static final String FRAME = Base64.getEncoder().encodeToString(new byte[160]);
    private static final String FRAME2 = Base64.getEncoder().encodeToString(filled(160, 0x55));

    @TempDir
    Path dir;
    GatewayFixture gw;
    RawTwilioStream twilio;

    @BeforeEach
    void start() {
        gw = new GatewayFixture(dir);
        twilio = new RawTwilioStream(gw.vertx, gw.port());
    }

    @AfterEach
    void stop() {
        twilio.close();
        gw.close();
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }

    private double errors(String kind) {
        return Calls.metric(gw, "callbridge_media_protocol_errors_total", "kind=\"" + kind + "\"");
    }

    /** The call is still alive: a frame sent now comes straight back. */
    private void assertStillEchoing() {
        int before = echoes(FRAME2);
        twilio.media(99, FRAME2);
        await().atMost(Duration.ofSeconds(5)).until(() -> echoes(FRAME2) > before);
        assertThat(twilio.isClosed()).isFalse();
    }

    private int echoes(String payload) {
        return (int) twilio.received.stream().filter(m -> m.contains("\"event\":\"media\"") && m.contains(payload)).count();
    }

    private Calls.StreamAnswer startedCall() {
        Calls.StreamAnswer answer = Calls.answered(gw, "CA1");
        twilio.connected();
        twilio.start(answer);
        return answer;
    }

    @Test
    void unparseableJsonIsCountedAndTheCallGoesOn() {
        startedCall();
        twilio.send("{\"event\":\"media\",");
        twilio.send("not json at all");
        await().until(() -> errors("bad_json") == 2);
        assertStillEchoing();
    }

    @Test
    void unknownEventIsCountedAndTheCallGoesOn() {
        startedCall();
        twilio.send("{\"event\":\"teleport\",\"streamSid\":\"" + RawTwilioStream.STREAM_SID + "\"}");
        await().until(() -> errors("unknown_event") == 1);
        assertStillEchoing();
    }

    @Test
    void badBase64IsCountedAndTheCallGoesOn() {
        startedCall();
        twilio.media(2, "!!!not base64!!!");
        await().until(() -> errors("bad_base64") == 1);
        assertStillEchoing();
    }

    @Test
    void mediaBeforeStartIsHeldNotDropped() {
        Calls.StreamAnswer answer = Calls.answered(gw, "CA1");
        twilio.connected();
        twilio.media(1, FRAME);
        twilio.media(2, FRAME);
        twilio.start(answer);
        await().until(() -> echoes(FRAME) == 2);
        assertThat(errors("media_before_start")).isEqualTo(2);
        assertStillEchoing();
    }

    @Test
    void noStartWithinFiveSecondsClosesWithAReason() {
        twilio.connected();
        await().atMost(Duration.ofSeconds(8)).until(twilio::isClosed);
        assertThat(twilio.closeStatus.get()).isEqualTo((short) 1008);
        assertThat(twilio.closeReason.get()).isEqualTo("no start message within 5 s");
        assertThat(errors("no_start")).isEqualTo(1);
    }

    @Test
    void messageOver64KiBClosesWith1009AndTheCallSaysWhy() {
        String callId = startedCall().callId();
        twilio.ws.writeTextMessage("{\"event\":\"media\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
        await().atMost(Duration.ofSeconds(2)).until(twilio::isClosed);
        assertThat(twilio.closeStatus.get()).isEqualTo((short) 1009);
        assertThat(errors("message_too_big")).isEqualTo(1);
        assertThat(Calls.awaitStatus(gw, callId, "failed").path("endReason").asText()).startsWith("media-protocol-error");
    }

    @Test
    void duplicateStartIsCountedAndIgnored() {
        Calls.StreamAnswer answer = startedCall();
        twilio.start(answer);
        await().until(() -> errors("duplicate_start") == 1);
        assertStillEchoing();
    }

    @Test
    void stopForAnUnknownStreamIsCountedAndIgnored() {
        String callId = startedCall().callId();
        twilio.stop(5, "MZ99999999999999999999999999999999");
        await().until(() -> errors("unknown_stream") == 1);
        assertStillEchoing();
        twilio.stop(6, RawTwilioStream.STREAM_SID);
        Calls.awaitStatus(gw, callId, "completed");
        assertThat(gw.get("/api/calls/" + callId).json().path("endReason").asText()).isEqualTo("caller-hangup");
    }

    @Test
    void startForAnUnknownCallClosesWithAReason() {
        twilio.connected();
        twilio.start("c_000000000000000000000000");
        await().until(twilio::isClosed);
        assertThat(twilio.closeStatus.get()).isEqualTo((short) 1008);
        assertThat(twilio.closeReason.get()).isEqualTo("unknown call c_000000000000000000000000");
        assertThat(errors("unknown_call")).isEqualTo(1);
    }

    @Test
    void binaryMessagesAreCountedAndTheCallGoesOn() {
        startedCall();
        twilio.ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(new byte[] {1, 2, 3})).await();
        await().until(() -> errors("binary_message") == 1);
        assertStillEchoing();
    }

    @Test
    void aMediaMessageSplitOverFragmentsIsPutBackTogether() {
        startedCall();
        String media = "{\"event\":\"media\",\"sequenceNumber\":\"2\",\"media\":{\"track\":\"inbound\",\"chunk\":\"1\","
                + "\"timestamp\":\"0\",\"payload\":\"" + FRAME2 + "\"},\"streamSid\":\"" + RawTwilioStream.STREAM_SID + "\"}";
        int third = media.length() / 3;
        twilio.ws.writeFrame(WebSocketFrame.textFrame(media.substring(0, third), false));
        twilio.ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(media.substring(third, 2 * third)), false));
        twilio.ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(media.substring(2 * third)), true));
        await().atMost(Duration.ofSeconds(5)).until(() -> echoes(FRAME2) == 1);
        assertStillEchoing();
    }

    @Test
    void fragmentsAddingUpToOver64KiBCloseWith1009() {
        startedCall();
        String chunk = "x".repeat(20 * 1024);
        twilio.ws.writeFrame(WebSocketFrame.textFrame("{\"event\":\"media\",\"pad\":\"" + chunk, false));
        for (int i = 0; i < 4; i++) twilio.ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(chunk), false));
        await().atMost(Duration.ofSeconds(2)).until(twilio::isClosed);
        assertThat(twilio.closeStatus.get()).isEqualTo((short) 1009);
        assertThat(errors("message_too_big")).isEqualTo(1);
        assertThat(errors("bad_json")).isZero(); // the fragments were not read as messages
    }

    @Test
    void aFragmentedBinaryMessageIsCountedOnce() {
        startedCall();
        twilio.ws.writeFrame(WebSocketFrame.binaryFrame(Buffer.buffer(new byte[] {1, 2}), false));
        twilio.ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[] {3}), true));
        await().until(() -> errors("binary_message") == 1);
        assertStillEchoing();
        assertThat(errors("binary_message")).isEqualTo(1);
    }
}
