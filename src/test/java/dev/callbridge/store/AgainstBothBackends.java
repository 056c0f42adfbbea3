package dev.callbridge.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base for store tests parameterized over {@link Backend}: one database per backend for the
 * whole class (a fresh schema on PostgreSQL), dropped when the class is done.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgainstBothBackends {
    final OpenBackends backends = new OpenBackends();

    @AfterAll
    void dropDatabases() {
        backends.close();
    }
}
