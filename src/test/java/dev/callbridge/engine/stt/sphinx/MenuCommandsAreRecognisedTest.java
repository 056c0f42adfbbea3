package dev.callbridge.engine.stt.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command of the default {@code menu} grammar, and the yes and no it imports, comes back as said through a μ-law leg. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MenuCommandsAreRecognisedTest {
    private final SphinxFixture f = new SphinxFixture("menu");

    @AfterAll
    void close() throws Exception {
        f.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"operator", "agent", "representative", "help", "repeat", "cancel", "menu", "main menu", "go back",
            "start over", "yes", "no"})
    void theCommandSaid(String command) {
        SphinxFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), SphinxFixture.spoken(command, AudioFormat.PCMU_8K), true);
        await().atMost(Duration.ofSeconds(30)).until(() -> !o.recorder().events.isEmpty());
        assertThat(o.recorder().transcript().text()).isEqualTo(command);
    }
}
