package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * uPlot's ES module and stylesheet are served under {@code /ui/} from the WebJar on the classpath,
 * by the names the dashboard uses, with the dashboard's ETag and types; nothing else of the jar is.
 */
class ChartLibraryIsServedFromItsWebJarTest {
    @TempDir
    Path dir;

    @Test
    void theModuleAndItsCssAreServedAndNothingElseOfTheJar() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            GatewayFixture.Response module = gw.get("/ui/uplot.esm.js");
            assertThat(module.status()).isEqualTo(200);
            assertThat(module.headers().get("Content-Type")).startsWith("text/javascript");
            assertThat(module.headers().get("ETag")).matches("\"[0-9a-f]{24}\"");
            assertThat(module.body()).contains("export { uPlot as default }");

            GatewayFixture.Response css = gw.get("/ui/uplot.min.css");
            assertThat(css.status()).isEqualTo(200);
            assertThat(css.headers().get("Content-Type")).startsWith("text/css");
            assertThat(css.body()).contains(".uplot");

            assertThat(gw.get("/ui/uPlot.esm.js").status()).isEqualTo(404);
            assertThat(gw.get("/ui/uPlot.iife.min.js").status()).isEqualTo(404);
            assertThat(gw.get("/ui/package.json").status()).isEqualTo(404);
        }
    }
}
