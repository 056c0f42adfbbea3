package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.llm.FakeChatCompletions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * A call's page shows what became of its WhatsApp summary, live: open while the summary is being
 * retried (Meta unreachable), it says {@code retrying} with the reason, then, from the
 * {@code call.followup} event alone, {@code sent} with the summary as the caller got it.
 */
class CallPageShowsTheWhatsAppSummaryTest {
    @TempDir
    Path dir;

    @Test
    void theSummarysProgressShowsOnTheCallPage() {
        try (CallSummaryRig rig = new CallSummaryRig(dir, 34); GatewayFixture gw = rig.start(); Browser browser = new Browser()) {
            rig.meta.down();
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(70).text("You booked a room, reference 4711.").finish("stop"));
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(71).text("You booked a room, reference 4711.").finish("stop"));
            String callId = rig.completedCall(gw, "+4915112345678");
            rig.awaitFollowUp(gw, callId, "retrying");

            browser.open(gw.base() + "/calls/" + callId);
            browser.until(d -> "live".equals(d.findElement(By.id("connection")).getText()) ? true : null);
            assertThat(browser.textOf("#call-follow-up .follow-up-status")).startsWith("retrying to +4915112345678").contains("unreachable");

            rig.meta.up(); // the outbox's next attempt goes through
            browser.until(d -> d.findElement(By.id("call-follow-up")).getAttribute("data-status").equals("sent") ? true : null);
            assertThat(browser.textOf("#call-follow-up .follow-up-status")).isEqualTo("sent to +4915112345678");
            assertThat(browser.textOf("#call-follow-up .follow-up-summary")).contains("You booked a room, reference 4711.");
        }
    }
}
