package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.EndReason;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store is a file under DATA_DIR: what was written is there after a restart. */
class CallSurvivesRestartTest {

    @Test
    void aCallAndItsTranscriptReadBackAfterReopening(@TempDir Path dataDir) {
        CallRecord queued = Calls.queued("c_restart", Calls.T0);
        CallRecord ended = queued.answered(Calls.T0.plusSeconds(1))
                .ended(CallStatus.COMPLETED, Calls.T0.plusSeconds(30), EndReason.CALLER_HANGUP);
        try (JdbcCallStore store = new JdbcCallStore(Databases.embedded(dataDir))) {
            store.write(List.of(new CallEvent.Created(queued, Calls.T0),
                    Calls.said("c_restart", 1, Calls.T0.plusSeconds(2)),
                    Calls.said("c_restart", 2, Calls.T0.plusSeconds(5)),
                    new CallEvent.Ended(ended, ended.endedAt())));
        }

        try (JdbcCallStore reopened = new JdbcCallStore(Databases.embedded(dataDir))) {
            assertThat(reopened.find("c_restart")).contains(ended);
            assertThat(reopened.transcript("c_restart")).containsExactly(
                    Calls.entry(1, Calls.T0.plusSeconds(2)), Calls.entry(2, Calls.T0.plusSeconds(5)));
        }
        assertThat(dataDir.resolve("callbridge.mv.db")).isRegularFile();
    }
}
