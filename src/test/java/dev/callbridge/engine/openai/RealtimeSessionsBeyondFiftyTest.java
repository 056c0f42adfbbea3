package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocketClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every call opens its own Realtime session to the same host through one shared client. More
 * than 50 at once must all open: Vert.x's default cap per host would hold the 51st back until
 * another call ended.
 */
class RealtimeSessionsBeyondFiftyTest extends RealtimeFakeFixture {
    private static final RealtimeConnection.Listener IGNORE = new RealtimeConnection.Listener() {
        @Override
        public void onEvent(RealtimeServerEvent event) { }

        @Override
        public void onUnreadable(RealtimeProtocolException e) { }

        @Override
        public void onClosed(int code, String reason) { }
    };

    @Test
    void sixtySessionsOpenAtOnceThroughTheSharedClient() throws Exception {
        fake.recordAudio(false);
        WebSocketClient client = vertx.createWebSocketClient(RealtimeConnection.clientOptions());
        List<Future<RealtimeConnection>> opening = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            opening.add(RealtimeConnection.open(client, URI.create(fake.url()), "gpt-realtime", Secret.ofNullable("sk-test"),
                    new RealtimeCodec(), IGNORE));
        }
        try {
            Future.all(opening).await(5, TimeUnit.SECONDS);
            assertThat(fake.sessions()).hasSize(60);
        } finally {
            opening.forEach(f -> f.onSuccess(RealtimeConnection::close));
            client.close().await();
        }
    }
}
