package dev.callbridge.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 at the byte level, for requests no well-behaved client would send: bad escapes,
 * unknown versions, half-sent heads. One request per connection; the reply is read until the
 * server closes or {@code Content-Length} bytes of body have arrived.
 */
public final class RawHttp {
    private RawHttp() {}

    /** What came back; {@code status} is 0 when nothing parsable did. */
    public record Reply(int status, Map<String, String> headers, String body, boolean closed) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The body as JSON, or null when it is not JSON. */
        public JsonNode json() {
            try {
                return CallJson.mapper().readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        /** True when the body is {@code {"error":{"code":…,"message":…}}} with both fields non-empty. */
        public boolean hasErrorShape() {
            JsonNode j = json();
            return j != null && j.path("error").path("code").isTextual() && !j.path("error").path("code").asText().isEmpty()
                    && j.path("error").path("message").isTextual() && !j.path("error").path("message").asText().isEmpty();
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    public static Reply exchange(int port, String request) {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static Reply exchange(int port, byte[] request) {
        return exchange(port, request, false);
    }

    /** Sends {@code request} on a new connection and reads the reply; {@code head}: it answers a HEAD request. */
    public static Reply exchange(int port, byte[] request, boolean head) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            return read(s.getInputStream(), head);
        } catch (IOException e) {
            throw new AssertionError("raw HTTP exchange failed: " + e, e);
        }
    }

    /** Reads one response from {@code in}, skipping interim ones (100 Continue). */
    public static Reply read(InputStream in) throws IOException {
        return read(in, false);
    }

    /** The same, for the answer to a HEAD request ({@code head}): a head and no body. */
    public static Reply read(InputStream in, boolean head) throws IOException {
        while (true) {
            Reply reply = readOne(in, head);
            if (reply.status() < 100 || reply.status() >= 200 || reply.status() == 101) return reply;
        }
    }

    /** One response: the head byte by byte (so nothing after this response is consumed), then its body. */
    private static Reply readOne(InputStream in, boolean headOnly) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        boolean closed = false;
        try {
            while (!endsWithBlankLine(head)) {
                int b = in.read();
                if (b < 0) {
                    closed = true;
                    break;
                }
                head.write(b);
            }
        } catch (SocketTimeoutException e) {
            // nothing more within the timeout: parse what there is
        } catch (IOException reset) {
            closed = true;
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        if (!endsWithBlankLine(head) || !headText.startsWith("HTTP/") || headText.length() < 12) {
            return new Reply(0, Map.of(), head.toString(StandardCharsets.UTF_8), closed);
        }
        int status = Integer.parseInt(headText.substring(9, 12));
        Map<String, String> headers = headers(headText);
        String cl = headers.get("content-length");
        int length = cl == null ? -1 : Integer.parseInt(cl.strip());
        // No body follows: a HEAD's answer, an interim or 101 response, 204 and 304.
        if (headOnly || status < 200 || status == 204 || status == 304) length = 0;
        byte[] body;
        try {
            body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
            if (length < 0 || body.length < length) closed = true;
        } catch (SocketTimeoutException e) {
            body = new byte[0];
        } catch (IOException reset) {
            body = new byte[0];
            closed = true;
        }
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8), closed);
    }

    /** True when the server closes the connection (end of stream or reset) within the socket's timeout, reading nothing. */
    public static boolean closedAfter(InputStream in) {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream out) {
        byte[] b = out.toByteArray();
        int n = b.length;
        return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        return headers;
    }
}
