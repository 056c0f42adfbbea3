package dev.callbridge.store;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * zonky's PostgreSQL binaries run as uid 65534 through {@code setpriv}: the tests' server when
 * they run as root where no user namespace may be made, so zonky's own way ({@code unshare -U})
 * fails. 65534 is the {@code nobody} of Debian, Ubuntu, Fedora and Alpine, and the uid zonky's
 * user namespace gives the server; initdb needs it to have a passwd entry.
 *
 * <p>The unpacked binaries and the data directory that user owns live in one temporary directory;
 * initdb's and the server's output go to a temporary log, kept when the start fails. The server is
 * this JVM's child process.
 */
final class PostgresAsNobody implements LocalPostgres {
    static final int UID = 65534;
    private static final long START_SECONDS = 60;

    private final Path base;
    private final Path bin;
    private final Path log;
    private final Process postgres;
    private final int port;

    private PostgresAsNobody(Path base, Path log, Process postgres, int port) {
        this.base = base;
        this.bin = base.resolve("pgsql/bin");
        this.log = log;
        this.postgres = postgres;
        this.port = port;
    }

    static PostgresAsNobody start() {
        Path base = null;
        Path log = null;
        try {
            base = Files.createTempDirectory("callbridge-pg-");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x")); // the server's user reads the binaries
            log = Files.createTempFile("callbridge-pg-", ".log");
            Path bin = unpackBinaries(base.resolve("pgsql")).resolve("bin");
            Path data = Files.createDirectory(base.resolve("data"));
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
            UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
            Files.setOwner(data, users.lookupPrincipalByName(Integer.toString(UID)));

            Process initdb = asNobody(bin.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString(),
                    "-E", "UTF-8", "--no-sync").redirectOutput(Redirect.appendTo(log.toFile())).start();
            if (!initdb.waitFor(START_SECONDS, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
                initdb.destroyForcibly();
                throw new IllegalStateException("initdb failed: " + lastLine(log) + " (all of it in " + log + ")");
            }
            int port = freePort();
            // No Unix socket: the tests use TCP, and nobody may not write the default socket directory.
            Process postgres = asNobody(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
                    "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off")
                    .redirectOutput(Redirect.appendTo(log.toFile())).start();
            PostgresAsNobody server = new PostgresAsNobody(base, log, postgres, port);
            server.awaitConnections();
            return server;
        } catch (RuntimeException e) {
            if (base != null) Backend.deleteTree(base); // the log stays, to read
            throw e;
        } catch (IOException e) {
            if (base != null) Backend.deleteTree(base);
            throw new IllegalStateException("PostgreSQL refuses to run as root, this machine allows no user namespace (unshare -U),"
                    + " and running it as uid " + UID + " failed: " + e.getMessage() + ". Run the tests as a normal user,"
                    + " install util-linux (setpriv), or point -Dtest.pg.url at a running PostgreSQL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (base != null) Backend.deleteTree(base);
            throw new IllegalStateException("interrupted while starting PostgreSQL", e);
        }
    }

    private static ProcessBuilder asNobody(String... command) {
        List<String> line = new ArrayList<>(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--"));
        line.addAll(List.of(command));
        return new ProcessBuilder(line).redirectErrorStream(true);
    }

    /** Waits until the server takes a connection; fails at once, with its last words, if it exits. */
    private void awaitConnections() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!postgres.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited at start: " + lastLine(log) + " (all of it in " + log + ")");
            }
            Properties props = new Properties();
            props.setProperty("user", "postgres");
            try (var c = DriverManager.getConnection(jdbcUrl(), props)) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        postgres.destroyForcibly();
        throw new IllegalStateException("PostgreSQL took no connection within " + START_SECONDS + " s (" + last + "); its output is in " + log);
    }

    /** The server's process (for tests). */
    long pid() {
        return postgres.pid();
    }

    /** Where its binaries and data live (for tests). */
    Path directory() {
        return base;
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public String how() {
        return "zonky's binaries as uid " + UID + " through setpriv (as root, no user namespace allowed)";
    }

    @Override
    public void close() {
        try {
            // Fast shutdown: open connections are cut, not waited for (SIGTERM's smart shutdown would wait).
            Process stop = asNobody(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "stop", "-m", "fast",
                    "-w", "-t", "30").redirectOutput(Redirect.appendTo(log.toFile())).start();
            stop.waitFor(40, TimeUnit.SECONDS);
            if (!postgres.waitFor(10, TimeUnit.SECONDS)) postgres.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            postgres.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            postgres.destroyForcibly();
        } finally {
            Backend.deleteTree(base);
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temporary file; the OS cleans up
            }
        }
    }

    /** Unpacks the linux-amd64 binaries jar's {@code .txz} into {@code dir}, keeping modes and links. */
    private static Path unpackBinaries(Path dir) throws IOException {
        Path root = Files.createDirectory(dir);
        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", System.getProperty("os.arch"));
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(txz))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) throw new IOException("archive entry outside its directory: " + entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    continue;
                } else if (entry.isLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createLink(target, root.resolve(entry.getLinkName()).normalize());
                    continue;
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                }
                Files.setPosixFilePermissions(target, permissions(entry.getMode()));
            }
        }
        return root;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) set.add(bits[i]);
        }
        return set;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String lastLine(Path log) {
        if (log == null) return "(no log)";
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(no output)" : lines.getLast();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
