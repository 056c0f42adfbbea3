package dev.callbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tools file: a valid one reads completely; each mistake is refused naming the entry and field. */
class HttpToolsFileTest {
    private static final String ORDER = """
            {"name":"lookup_order","description":"Find an order by its number",
             "parameters":{"type":"object","properties":{"order_number":{"type":"string"}},"required":["order_number"]},
             "url":"https://n8n.example.com/webhook/order","headers":{"X-Api-Key":"k"},"timeoutMs":5000}""";

    @Test
    void aValidFileReadsEveryField() {
        List<HttpTool.Declaration> tools = HttpToolsFile.parse("[" + ORDER + ",{\"name\":\"book\",\"description\":\"Book a table\","
                + "\"parameters\":{\"type\":\"object\"},\"url\":\"http://localhost:5678/webhook/book\"}]");
        assertThat(tools).hasSize(2);
        HttpTool.Declaration order = tools.get(0);
        assertThat(order.name()).isEqualTo("lookup_order");
        assertThat(order.url()).hasToString("https://n8n.example.com/webhook/order");
        assertThat(order.headers()).containsEntry("X-Api-Key", "k");
        assertThat(order.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(order.parameters().path("required").get(0).asText()).isEqualTo("order_number");
        assertThat(tools.get(1).timeout()).isEqualTo(HttpToolsFile.DEFAULT_TIMEOUT);
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> HttpToolsFile.parse("{")).hasMessageStartingWith("tools file is not valid JSON");
        assertThatThrownBy(() -> HttpToolsFile.parse("{}")).hasMessage("tools file must be a JSON array of tools");
        assertThatThrownBy(() -> HttpToolsFile.parse("[" + ORDER.replace("\"lookup_order\"", "\"look up\"") + "]"))
                .hasMessageStartingWith("tools[0].name: 'look up'");
        assertThatThrownBy(() -> HttpToolsFile.parse("[" + ORDER.replace("\"lookup_order\"", "\"end_call\"") + "]"))
                .hasMessage("tools[0].name: 'end_call' is a built-in tool");
        assertThatThrownBy(() -> HttpToolsFile.parse("[" + ORDER + "," + ORDER + "]"))
                .hasMessage("tools[1].name: 'lookup_order' is declared twice");
        assertThatThrownBy(() -> HttpToolsFile.parse("[" + ORDER.replace("\"type\":\"object\",\"properties\"", "\"type\":\"array\",\"properties\"") + "]"))
                .hasMessageStartingWith("tools[0].parameters: ");
        assertThatThrownBy(() -> HttpToolsFile.parse("[" + ORDER.replace("https://n8n.example.com/webhook/order", "ftp://x/y") + "]"))
                .hasMessage("tools[0].url: must be an absolute http(s) URL");
        assertThatThrownBy(() -> HttpToolsFile.parse("[" + ORDER.replace("5000", "10") + "]"))
                .hasMessageStartingWith("tools[0].timeoutMs: ");
        assertThatThrownBy(() -> HttpToolsFile.parse("[" + ORDER.replace("\"k\"", "7") + "]"))
                .hasMessage("tools[0].headers.X-Api-Key: must be a string");
        assertThatThrownBy(() -> HttpToolsFile.parse("[{\"name\":\"x\"}]")).hasMessage("tools[0].description: required, a string");
    }
}
