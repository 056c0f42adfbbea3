package dev.callbridge.store;

import java.util.EnumMap;
import java.util.Map;

/** One fresh database per backend for one test class, opened on first use and dropped on close. */
final class OpenBackends implements AutoCloseable {
    private final Map<Backend, Backend.TestDatabase> open = new EnumMap<>(Backend.class);

    synchronized Backend.TestDatabase get(Backend backend) {
        return open.computeIfAbsent(backend, Backend::open);
    }

    @Override
    public synchronized void close() {
        open.values().forEach(Backend.TestDatabase::close);
        open.clear();
    }
}
