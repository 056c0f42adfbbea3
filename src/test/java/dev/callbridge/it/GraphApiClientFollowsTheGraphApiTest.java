package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.config.Config;
import dev.callbridge.config.Secret;
import dev.callbridge.whatsapp.GraphApiClient;
import dev.callbridge.whatsapp.GraphFailure;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's Graph API client against the fake, message by message as whatsapp-cloud.md §1 has
 * them (text, template, mark read, media info and download), over several seeds so the fake's
 * optional fields vary; errors come back with Meta's code and message, and a wrong token is 190.
 */
class GraphApiClientFollowsTheGraphApiTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    private static Config.WhatsApp config(FakeGraphApi fake, String token) {
        return new Config.WhatsApp(Secret.ofNullable(token), FakeGraphApi.PHONE_NUMBER_ID, Secret.ofNullable("s"), Secret.ofNullable("v"),
                URI.create(fake.baseUrl()), FakeGraphApi.VERSION, null);
    }

    @Test
    void everyRequestIsOneTheFakeAccepts() {
        for (long seed = 0; seed < 6; seed++) {
            FakeGraphApi fake = FakeGraphApi.start(vertx, seed);
            try {
                GraphApiClient client = new GraphApiClient(vertx, config(fake, FakeGraphApi.TOKEN),
                        new GraphApiClient.Limits(2, Duration.ofMillis(10), Duration.ofSeconds(5), 1024));
                assertThat(client.sendText("+4915112345678", "x".repeat(5000), "wamid.IN").await()).startsWith("wamid.");
                assertThat(fake.sentTexts().get(0).body().path("text").path("body").asText()).hasSize(4096);
                assertThat(client.sendTemplate("4915112345678", "call_followup", "de", List.of("Anna", "4711")).await()).startsWith("wamid.");
                var template = fake.served().get(1).body().path("template");
                assertThat(template.path("components").get(0).path("parameters").get(1).path("text").asText()).isEqualTo("4711");
                client.markRead("wamid.IN").await();

                fake.media("m1", new byte[] {1, 2, 3}, "audio/wav");
                GraphApiClient.Media media = client.media("m1").await();
                assertThat(media.bytes()).containsExactly(1, 2, 3);
                assertThat(media.mimeType()).isEqualTo("audio/wav");
                fake.media("big", new byte[2048], "audio/wav");
                assertThatThrownBy(() -> client.media("big").await()).isInstanceOf(GraphFailure.class).hasMessageContaining("over 1024");
                assertThatThrownBy(() -> client.media("missing").await()).isInstanceOf(GraphFailure.class)
                        .satisfies(e -> assertThat(((GraphFailure) e).code()).isEqualTo(100));
                assertThat(fake.violations()).as("seed " + seed).isEmpty();

                GraphApiClient badToken = new GraphApiClient(vertx, config(fake, "expired"), GraphApiClient.Limits.DEFAULTS);
                assertThatThrownBy(() -> badToken.sendText("4915112345678", "hi", null).await()).isInstanceOf(GraphFailure.class)
                        .satisfies(e -> {
                            assertThat(((GraphFailure) e).code()).isEqualTo(190);
                            assertThat(((GraphFailure) e).httpStatus()).isEqualTo(401);
                            assertThat(((GraphFailure) e).retryable()).isFalse();
                        });
            } finally {
                fake.close();
            }
        }
    }
}
