package dev.callbridge.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A template's body parameter goes out as Meta accepts it: no new lines, tabs or runs of spaces
 * (Meta answers 132018), and no longer than the template body has room for, cut at a word.
 */
class TemplateParametersAreFlattenedAndCutTest {

    private static String parameter(String text) throws Exception {
        JsonNode body = CallJson.mapper().readTree(GraphCodec.template("4915112345678", "call_summary", "en", List.of(text)));
        assertThat(body.path("template").path("components").get(0).path("type").asText()).isEqualTo("body");
        return body.path("template").path("components").get(0).path("parameters").get(0).path("text").asText();
    }

    @Test
    void newLinesTabsAndRunsOfSpacesBecomeOneSpace() throws Exception {
        assertThat(parameter("  You booked a room.\r\n\nFriday\tto Sunday,      ref 4711.\u00A0 ")).isEqualTo("You booked a room. Friday to Sunday, ref 4711.");
    }

    @Test
    void aLongTextIsCutAtAWordWithAnEllipsis() throws Exception {
        String text = parameter("word ".repeat(400));
        assertThat(text.length()).isLessThanOrEqualTo(GraphCodec.MAX_TEMPLATE_TEXT);
        assertThat(text).endsWith("word…").doesNotContain("  ");
        String oneLongWord = parameter("x".repeat(2000));
        assertThat(oneLongWord).hasSize(GraphCodec.MAX_TEMPLATE_TEXT).endsWith("x…");
    }

    @Test
    void shortTextIsUntouched() throws Exception {
        assertThat(parameter("Ihre Buchung 4711 ist bestätigt – bis Freitag!")).isEqualTo("Ihre Buchung 4711 ist bestätigt – bis Freitag!");
    }
}
