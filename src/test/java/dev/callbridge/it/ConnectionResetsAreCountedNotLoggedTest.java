package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that resets its connection in the middle of a request is the client's doing: no
 * ERROR line in the log for it, and each one is counted on {@code /metrics}.
 */
class ConnectionResetsAreCountedNotLoggedTest {
    private static final int RESETS = 50;
    private static final Pattern RESET_COUNT = Pattern.compile("callbridge_http_client_aborts_total\\{kind=\"reset\"} (\\d+)");

    @TempDir
    Path dir;

    @Test
    void fiftyResetsMidRequestLeaveNoErrorAndAreCounted() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir); ServerLog log = new ServerLog()) {
            for (int i = 0; i < RESETS; i++) {
                String path = i % 2 == 0 ? "/api/calls" : "/twilio/voice";
                resetMidBody(gw.port(), path);
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(resets(gw)).isEqualTo(RESETS));
            assertThat(log.errors()).as("ERROR lines for %d resets", RESETS).isEmpty();
            assertThat(gw.get("/health").status()).isEqualTo(200);
        }
    }

    /** Half a request body, then SO_LINGER 0: the close sends RST. */
    private static void resetMidBody(int port, String path) throws IOException, InterruptedException {
        Socket s = new Socket("127.0.0.1", port);
        s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{\"to\":").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        Thread.sleep(20); // the server has the head and has started on the body
        s.setSoLinger(true, 0);
        s.close();
    }

    private static int resets(GatewayFixture gw) {
        Matcher m = RESET_COUNT.matcher(gw.get("/metrics").body());
        return m.find() ? (int) Double.parseDouble(m.group(1)) : 0;
    }
}
