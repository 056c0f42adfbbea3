package dev.callbridge.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.LegListener;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The Media Streams state machine, driven message by message with a recording transport. */
class TwilioMediaStreamTest {
    private static final String SID = "MZ22222222222222222222222222222222";

    private final List<String> timeline = new ArrayList<>();
    private final List<Runnable> timers = new ArrayList<>();
    private final Map<MediaProtocolError, Integer> errors = new EnumMap<>(MediaProtocolError.class);
    private int framesIn;
    private int framesOut;
    private final List<TwilioMessage.Start> starts = new ArrayList<>();

    private final StreamTransport transport = new StreamTransport() {
        @Override
        public boolean send(TwilioMessage m) {
            timeline.add(switch (m) {
                case TwilioMessage.OutMedia o -> "send media " + o.payload().length;
                case TwilioMessage.OutMark o -> "send mark " + o.name();
                case TwilioMessage.Clear c -> "send clear";
                default -> "send " + m;
            });
            return true;
        }

        @Override
        public void close(int code, String reason) {
            timeline.add("close " + code + " " + reason);
        }

        @Override
        public Runnable schedule(long delayMs, Runnable task) {
            timers.add(task);
            return () -> timers.remove(task);
        }
    };

    private final MediaStreamMetrics metrics = new MediaStreamMetrics() {
        public void frameIn() { framesIn++; }
        public void frameOut() { framesOut++; }
        public void frameDropped(String reason) { timeline.add("dropped " + reason); }
        public void protocolError(MediaProtocolError kind) { errors.merge(kind, 1, Integer::sum); }
        public void peerCutOff(String reason) { timeline.add("cut off " + reason); }
    };

    private final List<String> redirects = new ArrayList<>();
    private final TwilioMediaStream stream = new TwilioMediaStream(transport, metrics, starts::add, 5000, (sid, twiml) -> {
        redirects.add(sid + " " + twiml);
        return io.vertx.core.Future.succeededFuture();
    });

    private final LegListener recorder = new LegListener() {
        public void onAudio(AudioChunk c) { timeline.add("audio " + (c.data()[0] & 0xFF)); }
        public void onDtmf(char d) { timeline.add("dtmf " + d); }
        public void onHeard(Object tag) { timeline.add("heard " + tag); }
        public void onEnded(EndReason r) { timeline.add("ended " + r); }
    };

    private static TwilioMessage.Start start() {
        return new TwilioMessage.Start(1, SID, "AC1", "CA1", List.of("inbound"), Map.of("callId", "c_1"), "audio/x-mulaw", 8000, 1);
    }

    private static TwilioMessage.Media media(int firstByte, String sid) {
        byte[] payload = new byte[160];
        payload[0] = (byte) firstByte;
        return new TwilioMessage.Media(firstByte + 2, sid, "inbound", firstByte, firstByte * 20L, payload);
    }

    @Test
    void audioBeforeTheListenerIsHeldAndDeliveredInOrder() {
        stream.onMessage(start());
        stream.onMessage(media(1, SID));
        stream.onMessage(new TwilioMessage.Dtmf(3, SID, "inbound_track", '5'));
        stream.onMessage(media(2, SID));
        assertThat(timeline).isEmpty();
        stream.listen(recorder);
        stream.onMessage(media(3, SID));
        assertThat(timeline).containsExactly("audio 1", "dtmf 5", "audio 2", "audio 3");
        assertThat(framesIn).isEqualTo(3);
        assertThat(starts).hasSize(1);
    }

    @Test
    void mediaBeforeStartIsCountedHeldAndReplayedAfterStart() {
        stream.listen(recorder);
        stream.onMessage(media(1, SID));
        stream.onMessage(media(2, SID));
        assertThat(errors).containsEntry(MediaProtocolError.MEDIA_BEFORE_START, 2);
        stream.onMessage(start());
        stream.onMessage(media(3, SID));
        assertThat(timeline).containsExactly("audio 1", "audio 2", "audio 3");
        assertThat(framesIn).isEqualTo(3);
    }

    @Test
    void noStartWithinTheTimeoutClosesWithAReason() {
        timers.get(0).run();
        assertThat(errors).containsEntry(MediaProtocolError.NO_START, 1);
        assertThat(timeline).containsExactly("close 1008 no start message within 5 s");
        assertThat(stream.isClosed()).isTrue();
    }

    @Test
    void duplicateStartIsIgnored() {
        stream.onMessage(start());
        stream.onMessage(new TwilioMessage.Start(2, "MZother", "AC1", "CA1", List.of(), Map.of(), "audio/x-mulaw", 8000, 1));
        assertThat(errors).containsEntry(MediaProtocolError.DUPLICATE_START, 1);
        assertThat(stream.streamSid()).isEqualTo(SID);
        assertThat(starts).hasSize(1);
    }

    @Test
    void stopForAnUnknownStreamIsIgnoredAndTheCallGoesOn() {
        stream.onMessage(start());
        stream.listen(recorder);
        stream.onMessage(new TwilioMessage.Stop(5, "MZunknown", "AC1", "CA1"));
        assertThat(errors).containsEntry(MediaProtocolError.UNKNOWN_STREAM, 1);
        assertThat(stream.isClosed()).isFalse();
        stream.onMessage(new TwilioMessage.Stop(6, SID, "AC1", "CA1"));
        assertThat(timeline).containsExactly("close 1000 stop received", "ended caller-hangup");
    }

    @Test
    void marksAcknowledgeTheirTagAndEveryEarlierOne() {
        stream.onMessage(start());
        stream.listen(recorder);
        AudioChunk chunk = new AudioChunk(AudioFormat.PCMU_8K, new byte[160]);
        stream.play(chunk, "a");
        stream.play(chunk, null);
        stream.play(chunk, "b");
        stream.play(chunk, "c");
        assertThat(timeline).containsExactly("send media 160", "send mark m1", "send media 160", "send media 160",
                "send mark m2", "send media 160", "send mark m3");
        timeline.clear();
        stream.onMessage(new TwilioMessage.Mark(9, SID, "m2"));
        assertThat(timeline).containsExactly("heard a", "heard b");
        stream.onMessage(new TwilioMessage.Mark(10, SID, "m-unknown"));
        stream.onMessage(new TwilioMessage.Mark(11, SID, "m3"));
        assertThat(timeline).containsExactly("heard a", "heard b", "heard c");
        assertThat(framesOut).isEqualTo(4);
    }

    @Test
    void anEmptyChunkWithATagSendsOnlyTheMark() {
        stream.onMessage(start());
        stream.listen(recorder);
        stream.play(new AudioChunk(AudioFormat.PCMU_8K, new byte[160]), null);
        stream.play(new AudioChunk(AudioFormat.PCMU_8K, new byte[0]), "end");
        assertThat(timeline).containsExactly("send media 160", "send mark m1");
        timeline.clear();
        stream.onMessage(new TwilioMessage.Mark(9, SID, "m1"));
        assertThat(timeline).containsExactly("heard end");
        assertThat(framesOut).isEqualTo(1);
    }

    @Test
    void clearedAudioIsNeverReportedHeard() {
        stream.onMessage(start());
        stream.listen(recorder);
        AudioChunk chunk = new AudioChunk(AudioFormat.PCMU_8K, new byte[160]);
        stream.play(chunk, "a");
        stream.play(chunk, "b");
        stream.clear();
        // Twilio echoes the pending marks after a clear; they mean "flushed", not "played".
        stream.onMessage(new TwilioMessage.Mark(9, SID, "m1"));
        stream.onMessage(new TwilioMessage.Mark(10, SID, "m2"));
        stream.play(chunk, "c");
        stream.onMessage(new TwilioMessage.Mark(11, SID, "m3"));
        assertThat(timeline).filteredOn(s -> !s.startsWith("send media") && !s.startsWith("send mark"))
                .containsExactly("send clear", "heard c");
    }

    @Test
    void hangupWaitsUntilQueuedAudioHasBeenHeard() {
        stream.onMessage(start());
        stream.listen(recorder);
        stream.play(new AudioChunk(AudioFormat.PCMU_8K, new byte[1600]), null);
        stream.hangup(EndReason.AGENT_HANGUP);
        assertThat(timeline).containsExactly("send media 1600", "send mark m1");
        stream.play(new AudioChunk(AudioFormat.PCMU_8K, new byte[160]), null); // nothing new after hang-up
        stream.onMessage(new TwilioMessage.Mark(3, SID, "m1"));
        assertThat(timeline).containsExactly("send media 1600", "send mark m1", "close 1000 hangup", "ended agent-hangup");
    }

    @Test
    void hangupGivesUpWaitingAfterTheGracePeriod() {
        stream.onMessage(start());
        stream.listen(recorder);
        stream.play(new AudioChunk(AudioFormat.PCMU_8K, new byte[160]), null);
        stream.hangup(EndReason.API_HANGUP);
        timers.get(timers.size() - 1).run();
        assertThat(timeline).endsWith("close 1000 hangup", "ended api-hangup");
    }

    @Test
    void socketClosedWithoutStopEndsTheCall() {
        stream.onMessage(start());
        stream.listen(recorder);
        stream.onSocketClosed();
        assertThat(timeline).containsExactly("ended stream-closed");
    }

    @Test
    void protocolErrorsAreCountedEveryTimeButLoggedOncePerKind() {
        Logger logger = (Logger) LoggerFactory.getLogger(TwilioMediaStream.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            stream.protocolError(MediaProtocolError.BAD_JSON, "x");
            stream.protocolError(MediaProtocolError.BAD_JSON, "y");
            stream.protocolError(MediaProtocolError.BAD_BASE64, "z");
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(errors).containsEntry(MediaProtocolError.BAD_JSON, 2).containsEntry(MediaProtocolError.BAD_BASE64, 1);
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .hasSize(2).anyMatch(m -> m.contains("bad_json")).anyMatch(m -> m.contains("bad_base64"));
    }

    @Test
    void playingTheWrongFormatIsAProgrammingError() {
        stream.onMessage(start());
        assertThatThrownBy(() -> stream.play(new AudioChunk(AudioFormat.L16_16K, new byte[640]), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PCMU");
    }

    @Test
    void aTransferRedirectsTheCallToDialAndEndsAsTransferred() {
        stream.onMessage(start());
        stream.listen(recorder);
        assertThat(stream.transfer("+15550001111").succeeded()).isTrue();
        assertThat(redirects).singleElement().asString().startsWith("CA1 ")
                .contains("<Response><Dial><Number>+15550001111</Number></Dial></Response>");
        // Twilio leaves <Connect><Stream> for the new TwiML: the stream stops.
        stream.onMessage(new TwilioMessage.Stop(9, SID, "AC1", "CA1"));
        assertThat(timeline).containsExactly("close 1000 stop received", "ended transferred: +15550001111");
    }

    @Test
    void aTransferToABadNumberOrWithoutCredentialsFails() {
        stream.onMessage(start());
        assertThat(stream.transfer("555").cause()).hasMessageContaining("E.164");
        TwilioMediaStream noCredentials = new TwilioMediaStream(transport, metrics, s -> { }, 5000,
                TwilioMediaStream.CallRedirect.UNAVAILABLE);
        noCredentials.onMessage(start());
        assertThat(noCredentials.transfer("+15550001111").cause()).hasMessageContaining("TWILIO_ACCOUNT_SID");
        assertThat(redirects).isEmpty();
    }

    @Test
    void dtmfTowardsTheCallerIsSentInBand() {
        stream.onMessage(start());
        stream.sendDtmf("1#");
        // 100 ms tone + 60 ms gap = 8 frames of 20 ms per digit
        assertThat(timeline).hasSize(16).allMatch(s -> s.equals("send media 160"));
    }
}
