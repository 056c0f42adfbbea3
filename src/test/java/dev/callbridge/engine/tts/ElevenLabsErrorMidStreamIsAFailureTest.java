package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.tts.FakeElevenLabs.Reply;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ElevenLabs' error message after some audio, {@code {"message","error","code"}} then a close,
 * fails the synthesis with the kind its error names, the server's words on one line, and the
 * audio already delivered; so does a close frame with no message, by its code, and a message that
 * is not the protocol.
 */
class ElevenLabsErrorMidStreamIsAFailureTest {
    private final ElevenLabsFixture f = new ElevenLabsFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    private EngineFailure failure(Reply reply) throws Exception {
        f.fake.enqueue(reply);
        SpeechFixture.Started s = f.speak("Let me check that for you.", AudioFormat.PCMU_8K);
        EngineFailure e = s.recorder().failed.get(5, TimeUnit.SECONDS);
        System.out.println(e.getMessage());
        assertThat(e.audioMillis()).isEqualTo(s.recorder().millis()).isBetween(280L, 300L);
        assertThat(s.recorder().ended).isNotDone();
        assertThat(s.recorder().afterTheEnd).isZero();
        assertThat(e.getMessage()).doesNotContain("\n").contains("after " + e.audioMillis() + " ms of audio");
        return e;
    }

    @Test
    void quotaExceeded() throws Exception {
        EngineFailure e = failure(Reply.speech(1).millis(300).pause(50).error("quota_exceeded",
                "This request exceeds your quota of 10000.\nYou have 0 credits remaining.", 1008));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.errorCode()).isEqualTo("quota_exceeded");
        assertThat(e.serverMessage()).isEqualTo("This request exceeds your quota of 10000. You have 0 credits remaining.");
        assertThat(e.getMessage()).startsWith("ElevenLabs: rate_limited after ").endsWith("[quota_exceeded]");
    }

    @Test
    void internalError() throws Exception {
        EngineFailure e = failure(Reply.speech(2).millis(300).pause(50).error("internal_error",
                "We are sorry, something went wrong. You are not charged for this request.", 1011));
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void anErrorItDoesNotName() throws Exception {
        EngineFailure e = failure(Reply.speech(3).millis(300).pause(50).error("max_active_conversations",
                "Maximum simultaneous contexts per WebSocket connection exceeded (5).", 1008));
        assertThat(e.kind()).isEqualTo(Kind.STREAM_ERROR);
        assertThat(e.errorCode()).isEqualTo("max_active_conversations");
    }

    @Test
    void anUnreadableMessage() throws Exception {
        EngineFailure e = failure(Reply.speech(6).millis(300).pause(50).raw("{\"audio\":\"%%% not base64 %%%\"}").millis(300));
        assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
        assertThat(e.getMessage()).contains("unreadable message after").contains("audio is not base64");
    }

    @Test
    void bareCloseFrames() throws Exception {
        EngineFailure internal = failure(Reply.speech(4).millis(300).pause(50).close(1011, "internal server error"));
        assertThat(internal.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(internal.getMessage()).contains("the server closed the stream (1011)").endsWith(": internal server error");
        EngineFailure policy = failure(Reply.speech(5).millis(300).pause(50).close(1008, "voice_settings field must not change"));
        assertThat(policy.kind()).isEqualTo(Kind.REJECTED);
        assertThat(policy.serverMessage()).isEqualTo("voice_settings field must not change");
    }
}
