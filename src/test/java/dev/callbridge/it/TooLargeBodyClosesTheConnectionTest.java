package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body declared too large is answered 413 at once, and then the connection is closed: the
 * server does not go on reading (and discarding) the rest of a 50 MB upload.
 */
class TooLargeBodyClosesTheConnectionTest {
    private static final long DECLARED = 50L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void theConnectionClosesAfterThe413AndTheRestIsNotRead() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir); Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/calls HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + DECLARED
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            AtomicLong sent = new AtomicLong();
            Thread uploader = Thread.ofVirtual().start(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    while (sent.get() < DECLARED) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException closedByServer) {
                    // what the test waits for
                }
            });
            InputStream in = s.getInputStream();
            RawHttp.Reply reply = RawHttp.read(in);
            long sentAtReply = sent.get();
            assertThat(reply.status()).as("%s", reply).isEqualTo(413);
            assertThat(reply.hasErrorShape()).isTrue();
            uploader.join(5_000);
            long afterReply = sent.get() - sentAtReply;
            System.out.printf("413: the server took %d bytes of the upload after its reply; the upload %s%n",
                    afterReply, uploader.isAlive() ? "was still going after 5 s" : "ended (connection closed)");
            assertThat(uploader.isAlive()).as("upload still accepted 5 s after the 413").isFalse();
            assertThat(sent.get()).as("bytes taken of a %d-byte upload", DECLARED).isLessThan(DECLARED / 2);
        }
    }
}
