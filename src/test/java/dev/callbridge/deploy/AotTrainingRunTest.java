package dev.callbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aot_train} in scripts/jvm-options, against a stand-in JDK 25 whose {@code java} records how
 * it was run: the training run is {@code serve --exit-when-listening} on port 0 with a throw-away
 * DATA_DIR, in an empty directory with a clean environment (none of the user's .env or secrets);
 * its cache lands next to the jar and serve maps it from then on; a cache already newer than the jar
 * is not trained again; a failed training leaves serve on the class-data archive and the launcher going.
 */
class AotTrainingRunTest {
    @TempDir
    Path dir;

    private Path jar;
    private Path runs;

    /** A JAVA_HOME whose java appends "cwd|env|args" to runs.txt and writes the cache it is asked for (or fails). */
    private Path fakeJdk(boolean succeed) throws Exception {
        Path home = Files.createDirectories(dir.resolve("jdk"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        runs = dir.resolve("runs.txt");
        Files.writeString(java, """
                #!/usr/bin/env bash
                echo "$(pwd)|PORT=${PORT:-}|HOST=${HOST:-}|DATA_DIR=${DATA_DIR:-}|OPENAI_API_KEY=${OPENAI_API_KEY:-}|$*" >> '%s'
                for a in "$@"; do case "$a" in -XX:AOTCacheOutput=*) out="${a#-XX:AOTCacheOutput=}" ;; esac; done
                %s
                """.formatted(runs, succeed ? "echo cache > \"$out\"" : "exit 1"));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = dir.resolve("target").resolve("callbridge.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "a jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        return home;
    }

    /** Runs a bash snippet with scripts/jvm-options sourced, from a directory holding a .env with a secret. */
    private String bash(Path javaHome, String snippet) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve(".env"), "OPENAI_API_KEY=sk-from-dotenv\nPORT=8080\n");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail; source \"$1\"; " + snippet, "test",
                Path.of("scripts/jvm-options").toAbsolutePath().toString(), jar.toString())
                .directory(project.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("OPENAI_API_KEY", "sk-from-env");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void theTrainingRunStartsServeAloneAndItsCacheIsUsedFromThenOn() throws Exception {
        Path jdk = fakeJdk(true);
        bash(jdk, "aot_train \"$2\"");

        List<String> lines = Files.readAllLines(runs);
        assertThat(lines).hasSize(1);
        String[] run = lines.get(0).split("\\|");
        assertThat(Path.of(run[0])).as("an empty directory of its own").isNotEqualTo(dir.resolve("project"))
                .satisfies(cwd -> assertThat(cwd.resolve(".env")).doesNotExist());
        assertThat(run[1]).isEqualTo("PORT=0");
        assertThat(run[2]).isEqualTo("HOST=127.0.0.1");
        assertThat(run[3]).startsWith("DATA_DIR=" + run[0]);
        assertThat(run[4]).as("no secret from the environment").isEqualTo("OPENAI_API_KEY=");
        assertThat(run[5]).contains("-XX:+UseSerialGC -Xms256m -Xmx256m -Xmn32m", "-XX:AOTCacheOutput=",
                "-jar " + jar + " serve --exit-when-listening");

        Path cache = jar.resolveSibling("callbridge-serve-25.0.3.aot");
        assertThat(cache).hasContent("cache");
        assertThat(bash(jdk, "jvm_options \"$2\" serve")).contains("-XX:AOTCache=" + cache);
    }

    @Test
    void aCacheNewerThanTheJarIsNotTrainedAgain() throws Exception {
        Path jdk = fakeJdk(true);
        bash(jdk, "aot_train \"$2\"; aot_train \"$2\"");
        assertThat(Files.readAllLines(runs)).hasSize(1);
    }

    @Test
    void aFailedTrainingLeavesServeOnTheArchive() throws Exception {
        Path jdk = fakeJdk(false);
        String out = bash(jdk, "aot_train \"$2\"; echo \"options: $(jvm_options \"$2\" serve)\"");
        assertThat(out).contains("training failed");
        assertThat(jar.resolveSibling("callbridge-serve-25.0.3.aot")).doesNotExist();
        assertThat(out).contains("options: ").contains("-XX:+AutoCreateSharedArchive").doesNotContain("AOTCache=");
    }
}
