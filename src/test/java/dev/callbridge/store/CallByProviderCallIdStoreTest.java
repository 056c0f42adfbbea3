package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Provider;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A call can be found by its provider's id (a Twilio CallSid): how the voice webhook tells a
 * replay of an ended call from a new one. The newest of several wins, and only the provider's own.
 */
class CallByProviderCallIdStoreTest extends AgainstBothBackends {
    @ParameterizedTest
    @EnumSource(Backend.class)
    void theNewestCallWithTheSidIsFoundAsItWasLastWritten(Backend backend) {
        JdbcCallStore store = backends.get(backend).store();
        String sid = "CA" + UUID.randomUUID().toString().replace("-", "");
        CallRecord older = Calls.queued(newId(), Calls.T0).withProviderCallId(sid);
        CallRecord newer = Calls.queued(newId(), Calls.T0.plusSeconds(5)).withProviderCallId(sid);
        CallRecord ended = newer.ended(CallStatus.COMPLETED, Calls.T0.plusSeconds(9), EndReason.CALLER_HANGUP);
        store.write(List.of(new CallEvent.Created(older, older.createdAt()), new CallEvent.Created(newer, newer.createdAt()),
                new CallEvent.Ended(ended, ended.endedAt())));

        assertThat(store.findByProviderCallId(Provider.TWILIO, sid)).contains(ended);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anotherProvidersIdOrAnUnknownOneFindsNothing(Backend backend) {
        JdbcCallStore store = backends.get(backend).store();
        String sid = "CA" + UUID.randomUUID().toString().replace("-", "");
        CallRecord twilio = Calls.queued(newId(), Calls.T0).withProviderCallId(sid);
        store.write(List.of(new CallEvent.Created(twilio, twilio.createdAt())));

        assertThat(store.findByProviderCallId(Provider.ASTERISK, sid)).isEmpty();
        assertThat(store.findByProviderCallId(Provider.TWILIO, sid + "0")).isEmpty();
        assertThat(store.findByProviderCallId(Provider.TWILIO, sid)).contains(twilio);
    }

    private static String newId() {
        return "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
}
