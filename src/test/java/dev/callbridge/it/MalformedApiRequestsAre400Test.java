package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the client got wrong below the JSON level (an unknown charset, a bad percent-escape in
 * the path or query, a broken chunked body) are 400s in the error shape, each naming the problem,
 * and leave no ERROR or stack trace in the log.
 */
class MalformedApiRequestsAre400Test {
    @TempDir
    Path dir;

    private static String post(String path, String contentType, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body;
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    private static void assertBadRequest(RawHttp.Reply reply, String messagePart) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.hasErrorShape()).as("error shape: %s", reply).isTrue();
        assertThat(reply.json().path("error").path("message").asText()).as("%s", reply).contains(messagePart);
    }

    @Test
    void eachIsA400NamingTheProblemAndNothingIsLoggedAsAnError() {
        try (GatewayFixture gw = new GatewayFixture(dir, "TWILIO_ACCOUNT_SID", "AC1", "TWILIO_AUTH_TOKEN", "t");
             ServerLog log = new ServerLog()) {
            int port = gw.port();
            assertBadRequest(RawHttp.exchange(port, post("/api/calls", "application/json; charset=nonsense", "{}")), "nonsense");
            assertBadRequest(RawHttp.exchange(port, post("/api/calls", "application/json; charset=\"ut f8\"", "{}")), "charset");
            assertBadRequest(RawHttp.exchange(port, "PUT /api/calls/c_1/language HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json;charset=bogus\r\nContent-Length: 2\r\n\r\n{}"), "bogus");
            assertBadRequest(RawHttp.exchange(port, get("/api/calls?status=%zz")), "%zz");
            assertBadRequest(RawHttp.exchange(port, get("/api/calls?cursor=%%%%&limit=5")), "escape");
            assertBadRequest(RawHttp.exchange(port, get("/api/calls?token=abc%")), "escape");
            assertBadRequest(RawHttp.exchange(port, get("/api/calls/%")), "escape");
            assertBadRequest(RawHttp.exchange(port, get("/api/calls/%zz/transcript")), "escape");
            assertBadRequest(RawHttp.exchange(port, "POST /api/calls HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"), "body");

            // The server is none the worse: a good request still works.
            assertThat(RawHttp.exchange(port, get("/api/calls?status=ringing")).status()).isEqualTo(200);
            assertThat(log.errors()).as("ERROR lines in the server log").isEmpty();
        }
    }
}
