package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStats;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.CallStore.CallQuery;
import dev.callbridge.call.EndReason;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent's stats on a final record survive the store, read by id and in a listing; a call
 * without them, including a row written before the column existed, reads with stats null.
 */
class CallStatsStoreTest extends AgainstBothBackends {
    private static final CallStats STATS = new CallStats(3, 640L, 1210L, 1, 2, 1, 2750L, 1, 0);

    @ParameterizedTest
    @EnumSource(Backend.class)
    void statsOnTheFinalRecordReadBackByIdAndInTheListing(Backend backend) {
        JdbcCallStore store = backends.get(backend).store();
        CallRecord queued = Calls.queued(newId(), Calls.T0);
        Instant end = Calls.T0.plusSeconds(63);
        CallRecord ended = queued.answered(Calls.T0.plusSeconds(2))
                .ended(CallStatus.COMPLETED, end, EndReason.CALLER_HANGUP).withStats(STATS);

        store.write(List.of(new CallEvent.Created(queued, Calls.T0), new CallEvent.Ended(ended, end)));

        assertThat(store.find(queued.id())).contains(ended);
        assertThat(store.list(new CallQuery(null, JdbcCallStore.MAX_PAGE, null)).calls())
                .filteredOn(c -> c.id().equals(queued.id())).singleElement()
                .extracting(CallRecord::stats).isEqualTo(STATS);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void nullLatenciesStayNullRatherThanZero(Backend backend) {
        JdbcCallStore store = backends.get(backend).store();
        CallStats quiet = new CallStats(0, null, null, 0, 0, 0, null, 0, 0);
        CallRecord queued = Calls.queued(newId(), Calls.T0);
        CallRecord ended = queued.ended(CallStatus.FAILED, Calls.T0.plusSeconds(1), EndReason.of("agent-failed", "x"))
                .withStats(quiet);

        store.write(List.of(new CallEvent.Created(queued, Calls.T0), new CallEvent.Ended(ended, ended.endedAt())));

        assertThat(store.find(queued.id()).orElseThrow().stats()).isEqualTo(quiet);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCallWhoseAgentReportedNoneReadsWithStatsNull(Backend backend) {
        JdbcCallStore store = backends.get(backend).store();
        CallRecord queued = Calls.queued(newId(), Calls.T0);
        CallRecord ended = queued.ended(CallStatus.COMPLETED, Calls.T0.plusSeconds(5), EndReason.CALLER_HANGUP);

        store.write(List.of(new CallEvent.Created(queued, Calls.T0), new CallEvent.Ended(ended, ended.endedAt())));

        assertThat(store.find(queued.id()).orElseThrow().stats()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRowWrittenBeforeTheStatsColumnExistedStillReads(Backend backend) throws SQLException {
        Backend.TestDatabase db = backends.get(backend);
        String id = newId();
        // Only the columns of V1, as an older version wrote them.
        String sql = "INSERT INTO calls (id, provider, direction, status, created_at, metadata) VALUES (?, ?, ?, ?, ?, ?)";
        try (var c = db.dataSource().getConnection(); var ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.setString(2, "twilio");
            ps.setString(3, "inbound");
            ps.setString(4, "completed");
            ps.setObject(5, Calls.T0.atOffset(ZoneOffset.UTC));
            ps.setString(6, "{}");
            ps.executeUpdate();
        }

        CallRecord read = db.store().find(id).orElseThrow();

        assertThat(read.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(read.stats()).isNull();
    }

    private static String newId() {
        return "c_" + UUID.randomUUID();
    }
}
