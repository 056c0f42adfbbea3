package dev.callbridge.engine.vad;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fresh JVM with the whole test class path on its command line and small thread stacks loads the
 * model from its main thread and runs it. Linking ONNX Runtime there used to kill such a JVM with
 * SIGSEGV (exit 139, no exception); {@link SileroModel#load} now links it on a thread of its own.
 */
class ModelLoadsFromAnyThreadTest {
    /** The child: load on main, run a second of silence, print the result. */
    public static void main(String[] args) {
        try (SileroModel model = SileroModel.load();
             VoiceActivity vad = model.factory(VadSettings.DEFAULTS).create(AudioFormat.PCMU_8K, e -> System.out.println(e))) {
            for (int i = 0; i < 50; i++) vad.accept(new AudioChunk(AudioFormat.PCMU_8K, new byte[160]));
            System.out.println("ran " + vad.streamMillis() + " ms");
        }
    }

    @Test
    void aFreshJvmWithSmallStacksLoadsAndRunsTheModel() throws Exception {
        // Surefire runs tests from a manifest-only jar; its real class path is in this property.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        for (String stack : List.of("1m", "256k")) {
            Process child = new ProcessBuilder(java.toString(), "-Xss" + stack, "-cp", classPath, ModelLoadsFromAnyThreadTest.class.getName())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
            boolean finished = child.waitFor(30, TimeUnit.SECONDS);
            if (!finished) child.destroyForcibly();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(finished).as("child finished; output: %s", output).isTrue();
            assertThat(child.exitValue()).as("exit of a child with -Xss%s and %d class path entries; output: %s",
                    stack, classPath.split(File.pathSeparator).length, output).isZero();
            assertThat(output).contains("ran 1000 ms");
        }
    }
}
