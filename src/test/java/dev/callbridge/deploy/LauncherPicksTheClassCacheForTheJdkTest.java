package dev.callbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/jvm-options, as ./callbridge and scripts/bench-compare source it: on JDK 25 or newer
 * {@code serve} maps the AOT cache next to the jar once {@code aot_train} has written it for this
 * build and JDK, and runs with the class-data archive until then; a rebuilt jar or another JDK
 * needs a new training, and a cache the JVM cannot use neither stops the JVM nor prints anything.
 * Older JDKs and the other commands keep the archive, rewritten when the jar is newer. The
 * short-lived clients run with C1 only.
 */
class LauncherPicksTheClassCacheForTheJdkTest {
    @TempDir
    Path dir;

    /** jvm_options for COMMAND of dir/callbridge.jar, with JAVA_HOME a JDK whose release file says VERSION. */
    private String options(String jdkVersion, String command) throws Exception {
        Path jdk = Files.createDirectories(dir.resolve("jdk-" + jdkVersion));
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + jdkVersion + "\"\n");
        return jvmOptions(jdk.toString(), command);
    }

    private String jvmOptions(String javaHome, String command) throws Exception {
        Path jar = dir.resolve("callbridge.jar");
        if (!Files.exists(jar)) Files.writeString(jar, "a jar");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source scripts/jvm-options && jvm_options \"$1\" \"$2\"", "jvm-options",
                jar.toString(), command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", javaHome);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private Path touched(Path file, Instant when) throws IOException {
        if (!Files.exists(file)) Files.writeString(file, "x");
        Files.setLastModifiedTime(file, FileTime.from(when));
        return file;
    }

    private static final String ARCHIVE = "-XX:+AutoCreateSharedArchive";

    @Test
    void jdk21KeepsTheDynamicArchiveForEveryCommand() throws Exception {
        assertThat(options("21.0.5", "serve")).contains(ARCHIVE, "-XX:SharedArchiveFile=" + dir.resolve("callbridge-serve.jsa"))
                .doesNotContain("AOTCache");
        assertThat(options("21.0.5", "loadtest")).contains("-XX:SharedArchiveFile=" + dir.resolve("callbridge-loadtest.jsa"));
    }

    @Test
    void jdk25ServeRunsWithTheArchiveUntilACacheIsTrained() throws Exception {
        assertThat(options("25.0.3", "serve")).contains(ARCHIVE).doesNotContain("AOTCache");
    }

    @Test
    void jdk25ServeMapsACacheWrittenAfterTheJar() throws Exception {
        touched(dir.resolve("callbridge.jar"), Instant.parse("2026-01-01T00:00:00Z"));
        Path cache = touched(dir.resolve("callbridge-serve-25.0.3.aot"), Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(options("25.0.3", "serve")).contains("-XX:AOTCache=" + cache, "-Xlog:aot=off").doesNotContain(ARCHIVE);
    }

    @Test
    void aCacheOlderThanTheJarIsNotUsed() throws Exception {
        touched(dir.resolve("callbridge-serve-25.0.3.aot"), Instant.parse("2026-01-01T00:05:00Z"));
        touched(dir.resolve("callbridge.jar"), Instant.parse("2026-01-01T00:10:00Z"));
        assertThat(options("25.0.3", "serve")).contains(ARCHIVE).doesNotContain("AOTCache");
    }

    @Test
    void anotherJdkBuildDoesNotPickUpTheCacheOfTheLastOne() throws Exception {
        touched(dir.resolve("callbridge.jar"), Instant.parse("2026-01-01T00:00:00Z"));
        touched(dir.resolve("callbridge-serve-25.0.3.aot"), Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(options("25.0.4", "serve")).contains(ARCHIVE).doesNotContain("AOTCache");
    }

    @Test
    void theOtherCommandsKeepTheArchiveOnJdk25() throws Exception {
        touched(dir.resolve("callbridge.jar"), Instant.parse("2026-01-01T00:00:00Z"));
        touched(dir.resolve("callbridge-serve-25.0.3.aot"), Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(options("25.0.3", "loadtest")).contains("-XX:SharedArchiveFile=" + dir.resolve("callbridge-loadtest.jsa"))
                .doesNotContain("AOTCache");
    }

    @Test
    void anArchiveOlderThanTheJarIsRemovedSoTheRunWritesAFreshOne() throws Exception {
        Path stale = touched(dir.resolve("callbridge-loadtest.jsa"), Instant.parse("2026-01-01T00:00:00Z"));
        Path fresh = touched(dir.resolve("callbridge-serve.jsa"), Instant.parse("2026-01-01T00:20:00Z"));
        touched(dir.resolve("callbridge.jar"), Instant.parse("2026-01-01T00:10:00Z"));
        options("21.0.5", "loadtest");
        options("21.0.5", "serve");
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
    }

    @Test
    void theShortLivedClientsRunC1OnlyAndTheGatewayBothTiers() throws Exception {
        assertThat(options("25.0.3", "loadtest")).contains("-XX:TieredStopAtLevel=1");
        assertThat(options("25.0.3", "simulate")).contains("-XX:TieredStopAtLevel=1");
        assertThat(options("25.0.3", "serve")).doesNotContain("TieredStopAtLevel");
        assertThat(options("25.0.3", "fake-realtime")).doesNotContain("TieredStopAtLevel");
    }

    @Test
    void theNativeHeapTrimIsAskedForOnlyWhereTheJdkKnowsTheFlag() throws Exception {
        assertThat(options("21.0.5", "serve")).contains("-Xmn32m").doesNotContain("TrimNativeHeapInterval");
        assertThat(options("22.0.2", "serve")).contains("-XX:TrimNativeHeapInterval=1000");
        assertThat(options("25.0.3", "loadtest")).contains("-XX:TrimNativeHeapInterval=1000");
    }

    @Test
    void aJdkWithoutAReleaseFileGetsTheArchive() throws Exception {
        Path bare = Files.createDirectories(dir.resolve("bare-jdk"));
        assertThat(jvmOptions(bare.toString(), "serve")).contains("-XX:SharedArchiveFile=" + dir.resolve("callbridge-serve.jsa"));
    }

    /** The real JDK the tests run on, with the flags the launcher prints for a cache it cannot use. */
    @Test
    void anUnusableCacheIsSkippedSilently() throws Exception {
        String javaHome = System.getProperty("java.home");
        String version = Runtime.version().toString().replaceAll("[+-].*", "");
        touched(dir.resolve("callbridge.jar"), Instant.parse("2026-01-01T00:00:00Z"));
        touched(dir.resolve("callbridge-serve-" + version + ".aot"), Instant.parse("2026-01-01T00:05:00Z")); // not a cache
        String flags = jvmOptions(javaHome, "serve");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString()));
        command.addAll(List.of(flags.split(" ")));
        command.add("-version");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("nothing but the version").doesNotContainIgnoringCase("aot").doesNotContainIgnoringCase("cds")
                .doesNotContainIgnoringCase("error").doesNotContainIgnoringCase("warning");
    }
}
