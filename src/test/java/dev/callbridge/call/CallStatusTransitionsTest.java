package dev.callbridge.call;

import static dev.callbridge.call.CallStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** queued → ringing → in-progress → completed | failed | busy | no-answer | canceled | rejected, forward only. */
class CallStatusTransitionsTest {
    @Test
    void theHappyPathMovesForward() {
        assertThat(QUEUED.canMoveTo(RINGING)).isTrue();
        assertThat(RINGING.canMoveTo(IN_PROGRESS)).isTrue();
        assertThat(QUEUED.canMoveTo(IN_PROGRESS)).isTrue();
        assertThat(IN_PROGRESS.canMoveTo(COMPLETED)).isTrue();
        assertThat(IN_PROGRESS.canMoveTo(FAILED)).isTrue();
    }

    @Test
    void unansweredOutcomesOnlyBeforeAnswer() {
        for (CallStatus end : new CallStatus[] {BUSY, NO_ANSWER, CANCELED, REJECTED}) {
            assertThat(QUEUED.canMoveTo(end)).isTrue();
            assertThat(RINGING.canMoveTo(end)).isTrue();
            assertThat(IN_PROGRESS.canMoveTo(end)).as("in-progress → %s", end).isFalse();
        }
    }

    @Test
    void nothingMovesBackwardsOrOutOfAnEnd() {
        assertThat(RINGING.canMoveTo(QUEUED)).isFalse();
        assertThat(IN_PROGRESS.canMoveTo(RINGING)).isFalse();
        for (CallStatus end : values()) {
            if (!end.isTerminal()) continue;
            for (CallStatus next : values()) assertThat(end.canMoveTo(next)).as("%s → %s", end, next).isFalse();
        }
    }

    @Test
    void wireNamesAreTheContracts() {
        assertThat(IN_PROGRESS.wireName()).isEqualTo("in-progress");
        assertThat(NO_ANSWER.wireName()).isEqualTo("no-answer");
        for (CallStatus s : values()) assertThat(fromWire(s.wireName())).isEqualTo(s);
        assertThatThrownBy(() -> fromWire("ringing ")).hasMessage("unknown call status 'ringing '");
    }

    @Test
    void aRecordEndsWithDurationFromAnswer() {
        var created = java.time.Instant.parse("2026-11-21T10:00:00Z");
        CallRecord r = new CallRecord("c_1", Provider.TWILIO, "CA1", Direction.INBOUND, "+1", "+2", RINGING, "echo", "en",
                created, null, null, null, null, null);
        CallRecord answered = r.answered(created.plusSeconds(2));
        CallRecord ended = answered.ended(COMPLETED, created.plusSeconds(65), EndReason.CALLER_HANGUP);
        assertThat(ended.durationMs()).isEqualTo(63_000);
        assertThat(ended.endReason()).isEqualTo("caller-hangup");
        assertThat(r.ended(CANCELED, created.plusSeconds(5), EndReason.of("api-hangup", "by ops")).durationMs()).isZero();
        assertThat(EndReason.failure("agent-failed", "boom").toString()).isEqualTo("agent-failed: boom");
    }
}
