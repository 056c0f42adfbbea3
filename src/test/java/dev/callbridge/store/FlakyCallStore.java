package dev.callbridge.store;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStore;
import dev.callbridge.call.Provider;
import dev.callbridge.call.TranscriptEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link CallStore} for {@link StoreWriter} tests: records every write attempt and every
 * committed event, in order, and fails the first {@code failures} writes. Only {@code write} is
 * meaningful; the writer calls nothing else.
 */
final class FlakyCallStore implements CallStore {
    private final List<List<CallEvent>> attempts = new ArrayList<>();
    private final List<CallEvent> committed = new ArrayList<>();
    private int failuresLeft;

    FlakyCallStore(int failures) {
        this.failuresLeft = failures;
    }

    @Override
    public synchronized void write(List<CallEvent> batch) {
        attempts.add(List.copyOf(batch));
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new StoreException("injected failure, " + failuresLeft + " left");
        }
        committed.addAll(batch);
    }

    synchronized List<List<CallEvent>> attempts() {
        return List.copyOf(attempts);
    }

    synchronized List<CallEvent> committed() {
        return List.copyOf(committed);
    }

    @Override
    public Optional<CallRecord> find(String callId) {
        throw new UnsupportedOperationException("StoreWriter only writes");
    }

    @Override
    public Optional<CallRecord> findByProviderCallId(Provider provider, String providerCallId) {
        throw new UnsupportedOperationException("StoreWriter only writes");
    }

    @Override
    public CallPage list(CallQuery query) {
        throw new UnsupportedOperationException("StoreWriter only writes");
    }

    @Override
    public List<TranscriptEntry> transcript(String callId) {
        throw new UnsupportedOperationException("StoreWriter only writes");
    }

    @Override
    public boolean isUp() {
        return true;
    }

    @Override
    public void close() {}
}
