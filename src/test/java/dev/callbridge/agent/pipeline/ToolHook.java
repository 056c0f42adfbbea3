package dev.callbridge.agent.pipeline;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An operator's webhook for an HTTP tool (an n8n "when last node finishes" endpoint): it answers
 * every POST with {@code answer} after {@code delayMs}, and keeps what it was sent. {@link #toolsFile}
 * writes the {@code AGENT_TOOLS_FILE} that declares it as {@code order_status}.
 */
final class ToolHook implements AutoCloseable {
    record Received(MultiMap headers, String body) {}

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    ToolHook(String answer, long delayMs) {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            received.add(new Received(req.headers(), body.toString()));
            Runnable reply = () -> req.response().putHeader("Content-Type", "application/json").end(answer);
            if (delayMs > 0) vertx.setTimer(delayMs, t -> reply.run());
            else reply.run();
        })).listen(0, "127.0.0.1").await();
    }

    /** A tools file declaring {@code order_status} at this hook, with a header the operator's endpoint wants. */
    Path toolsFile(Path dir) throws IOException {
        return Files.writeString(dir.resolve("tools.json"), """
                [{"name": "order_status", "description": "Where an order is",
                  "parameters": {"type": "object", "properties": {"order": {"type": "string"}}, "required": ["order"]},
                  "url": "http://127.0.0.1:%d/hooks/order", "headers": {"X-Hook-Key": "hk-1"}, "timeoutMs": 5000}]
                """.formatted(server.actualPort()));
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
