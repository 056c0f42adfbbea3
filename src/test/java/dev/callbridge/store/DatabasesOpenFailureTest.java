package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong or unreachable database fails at startup with a message naming the variable to fix. */
class DatabasesOpenFailureTest {

    @Test
    void anUnreachablePostgresNamesDatabaseUrlAndHidesThePassword() {
        // Port 1 on loopback refuses at once: nothing listens there.
        assertThatThrownBy(() -> Databases.postgres("postgres://app:s3cret@127.0.0.1:1/calls"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("PostgreSQL at 127.0.0.1:1/calls (DATABASE_URL)")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aDataDirThatIsAFileNamesDataDir(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> Databases.embedded(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("DATA_DIR " + file);
    }
}
