package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.call.Call;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.Provider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code party=b} stream is taken once, for an interpreted call that is dialling B: a second
 * one, one for a call that is not interpreted, or one before B was dialled is closed with 1008
 * and counted as a second stream, and the call goes on as it was.
 */
class SecondPartyStreamsThatDoNotBelongAreRefusedTest {
    private static final String OTHER_SID = "CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    @TempDir
    Path dir;

    private static double refused(GatewayFixture gw) {
        return Calls.metric(gw, "callbridge_media_protocol_errors_total", "kind=\"second_stream\"");
    }

    private static RawTwilioStream partyB(InterpretedCallRig rig, Call call) {
        RawTwilioStream s = new RawTwilioStream(rig.gw.vertx, rig.gw.port(), InterpretedCallRig.streamSignature());
        s.connected();
        s.send(RawTwilioStream.startMessage("MZbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", OTHER_SID,
                Map.of("callId", call.id(), "callToken", call.streamToken(), "party", "b")));
        return s;
    }

    @Test
    void aSecondStreamForBIsRefusedAndTheFirstGoesOn() {
        try (InterpretedCallRig rig = new InterpretedCallRig(dir)) {
            rig.twilio.callee(InterpretedCallRig.B, TwilioCallee.answers());
            Call call = rig.interpretedCall();
            try (RawTwilioStream a = rig.streamA(call)) {
                PartyRelayAgent agent = rig.relay.awaitOne();
                TwilioPartyStream b = rig.twilio.answered(InterpretedCallRig.B);
                agent.awaitB(Duration.ofSeconds(10));
                try (RawTwilioStream intruder = partyB(rig, call)) {
                    await().atMost(Duration.ofSeconds(5)).until(intruder::isClosed);
                    assertThat(intruder.closeStatus.get()).isEqualTo((short) 1008);
                }
                assertThat(refused(rig.gw)).isEqualTo(1);
                b.frame(0x55);
                await().atMost(Duration.ofSeconds(5)).until(() -> SecondPartyAnswersAndBothHearEachOtherTest.mediaTo(a, 0x55) == 1);
                assertThat(call.isEnded()).isFalse();
                assertThat(rig.gw.gateway.registry().findByProviderCallId(OTHER_SID)).isEmpty();
            }
        }
    }

    @Test
    void aStreamForBOfACallThatIsNotInterpretedIsRefused() {
        try (InterpretedCallRig rig = new InterpretedCallRig(dir)) {
            Call plain = rig.gw.gateway.registry().create(new CallRegistry.NewCall(Provider.TWILIO, InterpretedCallRig.A_SID,
                    Direction.INBOUND, InterpretedCallRig.A, InterpretedCallRig.OUR_NUMBER, CallStatus.RINGING, "echo", "en", Map.of()),
                    rig.gw.vertx.getOrCreateContext()).orElseThrow();
            try (RawTwilioStream a = rig.streamA(plain); RawTwilioStream intruder = partyB(rig, plain)) {
                await().atMost(Duration.ofSeconds(5)).until(intruder::isClosed);
                assertThat(refused(rig.gw)).isEqualTo(1);
                assertThat(plain.isEnded()).isFalse();
                assertThat(plain.record().interpreter()).isNull();
            }
        }
    }

    @Test
    void aStreamForBBeforeBIsDialledIsRefusedAndDoesNotKeepTheRealBOut() {
        try (InterpretedCallRig rig = new InterpretedCallRig(dir)) {
            rig.relay.dialOnDemand();
            rig.twilio.callee(InterpretedCallRig.B, TwilioCallee.answers());
            Call call = rig.interpretedCall();
            try (RawTwilioStream a = rig.streamA(call)) {
                PartyRelayAgent agent = rig.relay.awaitOne();
                try (RawTwilioStream early = partyB(rig, call)) {
                    await().atMost(Duration.ofSeconds(5)).until(early::isClosed);
                }
                assertThat(call.isEnded()).isFalse();

                agent.dial();
                TwilioPartyStream b = rig.twilio.answered(InterpretedCallRig.B);
                agent.awaitB(Duration.ofSeconds(10));
                b.frame(0x66);
                await().atMost(Duration.ofSeconds(5)).until(() -> SecondPartyAnswersAndBothHearEachOtherTest.mediaTo(a, 0x66) == 1);
            }
        }
    }
}
