package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.Provider;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interpreted call's {@code interpreter} (B as dialled and both languages) is stored with the
 * call and read back whole after a restart, as each update left it; a call that is not
 * interpreted reads back without one.
 */
class InterpreterBlockSurvivesTheStoreTest {

    @Test
    void theInterpreterBlockReadsBackAfterReopening(@TempDir Path dataDir) {
        Interpretation dialling = new Interpretation(new Interpretation.Languages("en", "es"),
                new Interpretation.Party(Provider.ASTERISK, "+34911222333", "+15559870000", null, CallStatus.QUEUED));
        CallRecord queued = Calls.queued("c_interp", Calls.T0).withInterpreter(dialling);
        CallRecord answered = queued.answered(Calls.T0.plusSeconds(1));
        CallRecord bJoined = answered.withInterpreter(dialling.withB(dialling.b().withProgress(CallStatus.IN_PROGRESS, "1733312345.42"))
                .withLanguage(Interpretation.Side.B, "he"));
        CallRecord ended = bJoined.ended(CallStatus.COMPLETED, Calls.T0.plusSeconds(30), EndReason.of("party-b-hangup", null));
        CallRecord plain = Calls.queued("c_plain", Calls.T0);
        try (JdbcCallStore store = new JdbcCallStore(Databases.embedded(dataDir))) {
            store.write(List.of(new CallEvent.Created(queued, Calls.T0), new CallEvent.Created(plain, Calls.T0),
                    new CallEvent.StatusChanged(bJoined, Calls.T0.plusSeconds(2))));
            assertThat(store.find("c_interp").orElseThrow().interpreter()).isEqualTo(bJoined.interpreter());
            store.write(List.of(new CallEvent.Ended(ended, ended.endedAt())));
        }

        try (JdbcCallStore reopened = new JdbcCallStore(Databases.embedded(dataDir))) {
            CallRecord read = reopened.find("c_interp").orElseThrow();
            assertThat(read).isEqualTo(ended);
            assertThat(read.interpreter().b().providerCallId()).isEqualTo("1733312345.42");
            assertThat(read.interpreter().languages()).isEqualTo(new Interpretation.Languages("en", "he"));
            assertThat(read.language()).isEqualTo("en");
            assertThat(reopened.find("c_plain").orElseThrow().interpreter()).isNull();
        }
    }
}
