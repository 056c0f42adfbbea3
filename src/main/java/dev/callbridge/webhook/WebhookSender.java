package dev.callbridge.webhook;

import dev.callbridge.Version;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Makes one signed attempt at a delivery, blocking the calling sender thread for at most the
 * subscription's timeout. java.net.http rather than Vert.x's client: the worker is plain threads
 * (JDBC before and after each attempt), so a blocking send keeps each attempt one straight line,
 * and nothing of it can ever land on an event loop.
 */
public final class WebhookSender {
    private final HttpClient client;
    private final Clock clock;
    private final String userAgent = "callbridge/" + Version.current();

    public WebhookSender(Clock clock) {
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with plain-HTTP receivers
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public DeliveryOutcome send(WebhookSubscription subscription, Delivery delivery) {
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        long t = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(subscription.url())
                .timeout(subscription.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .header("X-Callbridge-Event", delivery.type())
                .header("X-Callbridge-Delivery", Long.toString(delivery.id()))
                .header(WebhookSignature.HEADER, WebhookSignature.header(subscription.secret().reveal(), t, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        subscription.headers().forEach(request::header);
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            return new DeliveryOutcome.Retryable("timed out after " + subscription.timeout().toMillis() + " ms", null);
        } catch (IOException e) {
            return new DeliveryOutcome.Retryable("connection failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryOutcome.Retryable("interrupted (shutting down)", null);
        }
        // Only the status matters: the body is not read, so a receiver that streams forever holds nothing.
        try {
            response.body().close();
        } catch (IOException e) {
            // the answer is in; a connection that fails while closing changes nothing
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) return new DeliveryOutcome.Delivered("HTTP " + status);
        if (status >= 500 || status == 408 || status == 429) return new DeliveryOutcome.Retryable("HTTP " + status, null);
        return new DeliveryOutcome.Refused("HTTP " + status + " (not retried: only 5xx, 408, 429 and network failures are)", null);
    }
}
