package dev.callbridge.engine.stt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body (RFC 7578) of text fields and files, built in memory: the pom
 * has no HTTP client with a multipart encoder, and this one is small. Every part is
 * {@code --boundary CRLF headers CRLF CRLF content CRLF}; the body ends {@code --boundary-- CRLF}.
 * The boundary must not occur in any content, so {@link #encode()} picks a random one and checks.
 */
final class MultipartForm {
    /** Names and file names go inside quotes in a header line: keep them to plain, safe characters. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._\\-\\[\\]]{1,100}");
    private static final Pattern SAFE_BOUNDARY = Pattern.compile("[A-Za-z0-9'()+_,\\-./:=?]{1,70}");

    private record Part(String name, String fileName, String contentType, byte[] content) {}

    /** The body and the header value that names its boundary. */
    record Encoded(String contentType, byte[] body) {}

    private final List<Part> parts = new ArrayList<>();

    MultipartForm field(String name, String value) {
        parts.add(new Part(checked(name), null, null, value.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    MultipartForm file(String name, String fileName, String contentType, byte[] content) {
        if (contentType.contains("\r") || contentType.contains("\n")) throw new IllegalArgumentException("bad content type");
        parts.add(new Part(checked(name), checked(fileName), contentType, content));
        return this;
    }

    /** With a random boundary that occurs in no part. */
    Encoded encode() {
        for (int attempt = 0; ; attempt++) {
            byte[] random = new byte[16];
            ThreadLocalRandom.current().nextBytes(random);
            String boundary = "callbridge-" + HexFormat.of().formatHex(random);
            if (!occursInAPart(boundary)) return encode(boundary);
            if (attempt == 10) throw new IllegalStateException("no boundary found that the content does not contain");
        }
    }

    /** With this boundary; pure, for tests. */
    Encoded encode(String boundary) {
        if (!SAFE_BOUNDARY.matcher(boundary).matches()) throw new IllegalArgumentException("bad boundary: " + boundary);
        if (occursInAPart(boundary)) throw new IllegalArgumentException("the boundary occurs in a part's content");
        ByteArrayOutputStream out = new ByteArrayOutputStream(size());
        for (Part p : parts) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(p.name()).append('"');
            if (p.fileName() != null) head.append("; filename=\"").append(p.fileName()).append('"');
            head.append("\r\n");
            if (p.contentType() != null) head.append("Content-Type: ").append(p.contentType()).append("\r\n");
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(p.content());
            out.writeBytes(CRLF);
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new Encoded("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private int size() {
        int n = 64;
        for (Part p : parts) n += p.content().length + 200;
        return n;
    }

    private boolean occursInAPart(String boundary) {
        byte[] needle = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        for (Part p : parts) if (indexOf(p.content(), needle) >= 0) return true;
        return false;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static String checked(String name) {
        if (!SAFE_NAME.matcher(name).matches()) throw new IllegalArgumentException("unsafe part name: " + name);
        return name;
    }
}
