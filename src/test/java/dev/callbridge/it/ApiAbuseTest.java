package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API entry point under abuse: the cases of issue 9 replayed, then requests generated
 * from a fixed seed (random methods, paths, bad escapes, headers, content types and charsets,
 * JSON and non-JSON bodies, huge heads and URIs, garbage pipelined after a request). Whatever
 * comes in: never a 5xx, every 4xx in the error shape, no ERROR in the log, and the server
 * answers a normal request afterwards.
 */
class ApiAbuseTest {
    /** Fixed, so a failure replays; -Dabuse.seed=N explores others. */
    private static final long SEED = Long.getLong("abuse.seed", 9_2026L);
    private static final int GENERATED = 400;

    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO", "G\u0001T", "get"};
    private static final String[] PATHS = {"/api/calls", "/api/calls/c_1", "/api/calls/c_1/transcript", "/api/calls/c_1/language",
            "/api/calls/c_1/hangup", "/api/calls/c_1/recording", "/api/", "/api", "/health", "/stats", "/metrics", "/ws/events",
            "/ws/twilio-media", "/twilio/voice", "/twilio/status", "/", "*", "//api//calls", "/api/../api/calls", "/api/calls/%",
            "/api/calls/%zz", "/api/calls/%ff%fe", "/api/calls/%00", "/api/calls/\u00ff", "/api/calls/c_1/%2e%2e/%2e%2e/health",
            "/api/calls/" + "x".repeat(2000), "http://evil.example/api/calls", "/api/calls;jsessionid=1", "/api/calls#frag"};
    private static final String[] PARAMS = {"status", "limit", "cursor", "token", "callId", "x"};
    private static final String[] VALUES = {"", "%", "%zz", "%%", "%4", "-1", "0", "501", "99999999999999999999", "abc", "ringing",
            "in-progress", "%E2%82%AC", "%ff", "+", "a+b", "c_1", "\u00e9", "null", "[]", "{}", "1e3", "%00"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8", "application/json; charset=nonsense",
            "application/json; charset=\"ut f8\"", "application/json; charset=utf-16", "application/json; charset=", "application/json;;;",
            "text/plain", "text/plain; charset=latin1", "application/x-www-form-urlencoded", "multipart/form-data",
            "multipart/form-data; boundary=", "application/octet-stream", "", "*/*", "application/json; charset=x-unknown-\u00ff"};
    private static final String[] HEADERS = {"Range: bytes=0-", "Range: bytes=-0", "Range: bytes=99999999999999999999999-",
            "Range: bytes=5-1", "Range: lines=1-2", "Range: bytes=0-1,2-3", "Authorization: Bearer nope", "Authorization: Basic Og==",
            "Authorization: ", "Accept: */*", "Accept: text/html;q=x", "Accept-Encoding: gzip, br, zstd", "Origin: http://evil.example",
            "X-Twilio-Signature: AAAA", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Connection: close", "Connection: keep-alive, Upgrade", "Cookie: a=b; c",
            "If-None-Match: *", "X-Forwarded-For: 1.2.3.4, ::1", "Host: other", "Expect: 100-continue", "Expect: the-unexpected",
            "Content-Encoding: gzip", "Transfer-Encoding: identity", "\u00e9: \u00e9", "X-Empty:", "X-Ctl: a\u0007b"};

    @TempDir
    Path dir;

    @Test
    void nothingAClientSendsGetsA5xxOrAnErrorLogLine() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir, "HTTP_IDLE_TIMEOUT_SECONDS", "5", "HTTP_HEADER_TIMEOUT_SECONDS", "2");
             ServerLog log = new ServerLog()) {
            int port = gw.port();
            List<String> problems = new ArrayList<>();
            Map<Integer, Integer> statuses = new TreeMap<>();

            for (String request : issueCases()) check(port, request.getBytes(StandardCharsets.UTF_8), false, problems, statuses);
            Random random = new Random(SEED);
            for (int i = 0; i < GENERATED; i++) {
                String method = pick(random, METHODS);
                check(port, request(random, method), method.equals("HEAD"), problems, statuses);
            }
            for (int i = 0; i < 20; i++) pipelinedGarbage(port, random, problems, statuses);

            System.out.printf("API abuse, seed %d: %d generated requests + the issue's cases; statuses %s%n", SEED, GENERATED, statuses);
            assertThat(problems).as("replies that break the contract (seed %d)", SEED).isEmpty();
            assertThat(log.errors()).as("ERROR lines in the server log").isEmpty();
            assertThat(gw.get("/api/calls").status()).isEqualTo(200);
            assertThat(gw.get("/health").status()).isEqualTo(200);
        }
    }

    /** The requests the issue names, as sent in the probe. */
    private static List<String> issueCases() {
        return List.of(
                "POST /api/calls HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=nonsense\r\nContent-Length: 2\r\n\r\n{}",
                "GET /api/calls?status=%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/calls/% HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /api/calls HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n{",
                "GET /api/calls?limit=1&limit=2&status=ringing&status=dancing HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/calls?cursor=%%%% HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/calls/c_1/recording HTTP/1.1\r\nHost: x\r\nRange: bytes=99999999999999999999999-\r\n\r\n",
                "GET /health HTTP/1.2\r\nHost: x\r\n\r\n",
                "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n",
                "GET /ws/events HTTP/1.1\r\nHost: x\r\n\r\n",
                "\u0000\u0001garbage\r\n\r\n");
    }

    private static byte[] request(Random random, String method) {
        StringBuilder target = new StringBuilder(pick(random, PATHS));
        if (random.nextInt(4) == 0) target.insert(random.nextInt(target.length() + 1), "%" + (char) (' ' + random.nextInt(95)));
        if (random.nextBoolean()) {
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                target.append(i == 0 ? '?' : '&').append(pick(random, PARAMS)).append('=').append(pick(random, VALUES));
            }
        }
        if (random.nextInt(40) == 0) target.append("/").append("y".repeat(5_000 + random.nextInt(10_000)));

        String body = body(random);
        boolean chunked = random.nextInt(8) == 0;
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (random.nextInt(20) != 0) head.append("Host: localhost\r\n");
        if (random.nextInt(3) != 0) head.append("Content-Type: ").append(pick(random, CONTENT_TYPES)).append("\r\n");
        int extra = random.nextInt(4);
        for (int i = 0; i < extra; i++) head.append(pick(random, HEADERS)).append("\r\n");
        if (random.nextInt(40) == 0) head.append("X-Huge: ").append("h".repeat(9_000)).append("\r\n");
        if (random.nextInt(40) == 0) {
            for (int i = 0; i < 300; i++) head.append("X-Many-").append(i).append(": v\r\n");
        }
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            if (bodyBytes.length > 0) out.writeBytes((Integer.toHexString(bodyBytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bodyBytes);
            out.writeBytes((bodyBytes.length > 0 ? "\r\n0\r\n\r\n" : "0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            if (bodyBytes.length > 0 || random.nextBoolean()) head.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bodyBytes);
        }
        return out.toByteArray();
    }

    private static String body(Random random) {
        return switch (random.nextInt(9)) {
            case 0, 1 -> "";
            case 2 -> randomJson(random, 0);
            case 3 -> "{\"to\":" + pick(random, new String[] {"1", "null", "\"+1\"", "[]", "{}", "\"" + "9".repeat(40) + "\""})
                    + ",\"from\":\"+15559870000\",\"provider\":" + pick(random, new String[] {"\"twilio\"", "\"asterisk\"", "7", "\"x\""})
                    + ",\"metadata\":" + pick(random, new String[] {"{\"a\":1}", "[]", "\"s\"", "{\"a\":\"" + "m".repeat(1200) + "\"}"}) + "}";
            case 4 -> "{\"language\":" + pick(random, new String[] {"\"he\"", "\"english please\"", "5", "null", "\"\""}) + "}";
            case 5 -> "CallSid=%zz&From=%2B1&To=%&" + "a".repeat(random.nextInt(50));
            case 6 -> randomText(random, 1 + random.nextInt(300));
            case 7 -> "{\"to\":\"" + "\\ud800".repeat(3) + "\", \"x\": " + "[".repeat(random.nextInt(2000)) + "}";
            default -> "y".repeat(60_000 + random.nextInt(20_000)); // around the 64 KiB limit
        };
    }

    private static String randomJson(Random random, int depth) {
        int kind = depth > 3 ? random.nextInt(4) : random.nextInt(6);
        return switch (kind) {
            case 0 -> String.valueOf(random.nextLong());
            case 1 -> "\"" + randomText(random, random.nextInt(20)).replace("\\", "").replace("\"", "") + "\"";
            case 2 -> random.nextBoolean() ? "true" : "null";
            case 3 -> String.valueOf(random.nextDouble() * 1e300);
            case 4 -> {
                StringBuilder b = new StringBuilder("{");
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) b.append(',');
                    b.append('"').append(pick(random, new String[] {"to", "from", "provider", "agent", "language", "metadata", "record", "zz"}))
                            .append("\":").append(randomJson(random, depth + 1));
                }
                yield b.append('}').toString();
            }
            default -> {
                StringBuilder b = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) b.append(i > 0 ? "," : "").append(randomJson(random, depth + 1));
                yield b.append(']').toString();
            }
        };
    }

    private static String randomText(Random random, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) b.append((char) (random.nextInt(8) == 0 ? random.nextInt(0x3000) : ' ' + random.nextInt(95)));
        return b.toString();
    }

    /** A good request with garbage straight after it on the same connection: each reply in turn must keep the contract. */
    private static void pipelinedGarbage(int port, Random random, List<String> problems, Map<Integer, Integer> statuses) throws Exception {
        byte[] garbage = new byte[1 + random.nextInt(200)];
        random.nextBytes(garbage);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("GET /api/calls?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(garbage);
            s.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) {
                RawHttp.Reply reply = RawHttp.read(in);
                if (reply.status() == 0) break; // closed, or nothing more to answer
                judge("pipelined garbage " + java.util.HexFormat.of().formatHex(garbage, 0, Math.min(16, garbage.length)), reply, false,
                        problems, statuses);
            }
        }
    }

    private static void check(int port, byte[] request, boolean head, List<String> problems, Map<Integer, Integer> statuses) {
        RawHttp.Reply reply = RawHttp.exchange(port, request, head);
        judge(new String(request, 0, Math.min(request.length, 200), StandardCharsets.UTF_8), reply, head, problems, statuses);
    }

    private static void judge(String what, RawHttp.Reply reply, boolean head, List<String> problems, Map<Integer, Integer> statuses) {
        statuses.merge(reply.status(), 1, Integer::sum);
        String fault = null;
        if (reply.status() == 0) fault = "no reply";
        else if (reply.status() >= 500) fault = "a 5xx";
        else if (reply.status() >= 400 && !head && !reply.hasErrorShape()) fault = "not the error shape";
        if (fault != null) problems.add(fault + ": " + reply + "  <- " + what.replace("\r\n", "\\r\\n"));
    }

    private static String pick(Random random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
