package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.agent.CallContext;
import dev.callbridge.call.Call;
import dev.callbridge.call.Interpretation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * On an interpreted call's page each entry shows what the party said beside what the other party
 * heard of it, with the speaker ({@code a} or {@code b}) and the language; an interpretation the
 * listener cut short is marked. Entries made while the page is open arrive through the events.
 */
class InterpretedEntriesShowOriginalAndTranslationTest {
    @TempDir
    Path dir;

    @Test
    void eachInterpretedEntryShowsOriginalAndTranslationSideBySide() throws Exception {
        try (InterpretedCallRig rig = new InterpretedCallRig(dir); Browser browser = new Browser()) {
            rig.twilio.callee(InterpretedCallRig.B, TwilioCallee.answers());
            Call call = rig.interpretedCall();
            try (RawTwilioStream a = rig.streamA(call)) {
                CallContext ctx = rig.relay.awaitOne().started.get(10, TimeUnit.SECONDS);
                browser.open(rig.gw.base() + "/calls/" + call.id());
                browser.until(d -> "live".equals(d.findElement(By.id("connection")).getText()) ? true : null);

                ctx.context().runOnContext(v -> {
                    ctx.interpreted(Interpretation.Side.A, "en", "Where is the station?", "¿Dónde está la estación?", 0, 900, false);
                    ctx.interpreted(Interpretation.Side.B, "es", "Está a dos calles de aquí.", "It is two streets", 1200, 2100, true);
                });
                browser.until(d -> d.findElements(By.cssSelector("#transcript .pair")).size() == 2 ? true : null);
                List<WebElement> entries = browser.driver.findElements(By.cssSelector("#transcript .entry:has(.pair)"));
                WebElement fromA = entries.get(0);
                assertThat(fromA.getAttribute("class")).contains("speaker-a");
                assertThat(fromA.findElement(By.cssSelector(".original .text")).getText()).isEqualTo("Where is the station?");
                assertThat(fromA.findElement(By.cssSelector(".translation .text")).getText()).isEqualTo("¿Dónde está la estación?");
                assertThat(fromA.findElement(By.cssSelector(".lang")).getText()).isEqualTo("en");
                assertThat(fromA.findElements(By.cssSelector(".interrupted"))).isEmpty();
                // Side by side: the translation starts to the right of the original, on the same line.
                WebElement original = fromA.findElement(By.cssSelector(".original"));
                WebElement translation = fromA.findElement(By.cssSelector(".translation"));
                assertThat(translation.getRect().getX()).isGreaterThan(original.getRect().getX() + original.getRect().getWidth() - 1);
                assertThat(translation.getRect().getY()).isEqualTo(original.getRect().getY());

                WebElement fromB = entries.get(1);
                assertThat(fromB.getAttribute("class")).contains("speaker-b");
                assertThat(fromB.findElement(By.cssSelector(".original .text")).getText()).isEqualTo("Está a dos calles de aquí.");
                assertThat(fromB.findElement(By.cssSelector(".translation .text")).getText()).isEqualTo("It is two streets");
                assertThat(fromB.findElement(By.cssSelector(".interrupted")).getText()).isEqualTo("interrupted");
                browser.screenshot("interpreted-call-transcript");
            }
        }
    }
}
