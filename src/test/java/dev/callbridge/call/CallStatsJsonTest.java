package dev.callbridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The call JSON carries the agent's summary as a {@code stats} object with camelCase fields,
 * like the rest of the record; without one, {@code stats} is null, as {@code endedAt} is.
 */
class CallStatsJsonTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final CallRecord ENDED = new CallRecord("c_1", Provider.TWILIO, "CA1", Direction.INBOUND,
            "+15551230000", "+15559870000", CallStatus.RINGING, "realtime", "en", T0, null, null, null, null, Map.of())
            .answered(T0.plusSeconds(2)).ended(CallStatus.COMPLETED, T0.plusSeconds(65), EndReason.CALLER_HANGUP);

    @Test
    void statsIsAnObjectWithEveryFieldNamedInCamelCase() {
        ObjectNode json = CallJson.call(ENDED.withStats(new CallStats(4, 612L, 1480L, 2, 3, 1, 2200L, 1, 0)));

        JsonNode stats = json.path("stats");
        assertThat(stats.isObject()).isTrue();
        assertThat(iterable(stats.fieldNames())).containsExactly("turns", "responseMsMedian", "responseMsMax",
                "bargeIns", "toolCalls", "toolErrors", "toolMsMax", "upstreamReconnects", "sessionRollovers",
                "sttMsMedian", "llmMsMedian", "ttsMsMedian", "overheadMsMedian", "interpreter");
        assertThat(stats.path("turns").asInt()).isEqualTo(4);
        assertThat(stats.path("responseMsMedian").asLong()).isEqualTo(612);
        assertThat(stats.path("responseMsMax").asLong()).isEqualTo(1480);
        assertThat(stats.path("bargeIns").asInt()).isEqualTo(2);
        assertThat(stats.path("toolCalls").asInt()).isEqualTo(3);
        assertThat(stats.path("toolErrors").asInt()).isEqualTo(1);
        assertThat(stats.path("toolMsMax").asLong()).isEqualTo(2200);
        assertThat(stats.path("upstreamReconnects").asInt()).isEqualTo(1);
        assertThat(stats.path("sessionRollovers").asInt()).isZero();
        assertThat(stats.path("sttMsMedian").isNull()).as("a realtime call has no engine shares").isTrue();
        assertThat(json.path("durationMs").asLong()).as("the rest of the record is unchanged").isEqualTo(63_000);
    }

    @Test
    void latenciesWithNothingMeasuredAreNullNotZero() {
        JsonNode stats = CallJson.call(ENDED.withStats(new CallStats(0, null, null, 0, 0, 0, null, 0, 0))).path("stats");

        assertThat(stats.path("turns").isInt()).isTrue();
        assertThat(stats.get("responseMsMedian").isNull()).isTrue();
        assertThat(stats.get("responseMsMax").isNull()).isTrue();
        assertThat(stats.get("toolMsMax").isNull()).isTrue();
    }

    @Test
    void aRecordWithoutStatsSaysNullLikeOtherFieldsNotYetKnown() {
        ObjectNode json = CallJson.call(ENDED.withStats(null));

        assertThat(json.has("stats")).isTrue();
        assertThat(json.get("stats").isNull()).isTrue();
        assertThat(CallJson.call(ENDED.withStatus(CallStatus.IN_PROGRESS)).get("stats").isNull()).isTrue();
    }

    @Test
    void theCallEndedEventCarriesTheStats() {
        CallRecord ended = ENDED.withStats(new CallStats(1, 700L, 700L, 0, 0, 0, null, 0, 0));

        JsonNode event = CallJson.event(new CallEvent.Ended(ended, ended.endedAt()));

        assertThat(event.path("data").path("stats").path("responseMsMedian").asLong()).isEqualTo(700);
    }

    @Test
    void aRecordWithStatsReadsBackEqual() {
        CallRecord withStats = ENDED.withStats(new CallStats(2, 350L, 410L, 1, 1, 0, 90L, 0, 1));

        assertThat(CallJson.readCall(CallJson.write(withStats))).isEqualTo(withStats);
        assertThat(CallJson.readCall(CallJson.write(ENDED))).isEqualTo(ENDED);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
