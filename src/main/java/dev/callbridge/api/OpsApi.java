package dev.callbridge.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStore;
import dev.callbridge.call.Provider;
import dev.callbridge.metrics.GatewayMetrics;
import dev.callbridge.metrics.SystemHistory;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /health}, {@code /stats} and {@code /metrics}: what operators and the load generator read. */
public final class OpsApi {
    private final Vertx vertx;
    private final CallRegistry registry;
    private final CallStore store;
    private final GatewayMetrics metrics;
    private final Map<String, Supplier<String>> extraChecks;
    private final SystemHistory history;
    private final Instant startedAt = Instant.now();

    /** {@code extraChecks}: informational checks by name (e.g. {@code twilio} → {@code configured}). */
    public OpsApi(Vertx vertx, CallRegistry registry, CallStore store, GatewayMetrics metrics,
                  Map<String, Supplier<String>> extraChecks, SystemHistory history) {
        this.history = history;
        this.vertx = vertx;
        this.registry = registry;
        this.store = store;
        this.metrics = metrics;
        this.extraChecks = Map.copyOf(extraChecks);
    }

    /**
     * 200 {@code up}; 503 {@code down} when the store is; 503 {@code draining} once the process is
     * stopping, so a load balancer sends no more calls while the live ones finish.
     */
    public void health(RoutingContext rc) {
        vertx.executeBlocking(store::isUp, false).onComplete(ar -> {
            boolean storeUp = ar.succeeded() && ar.result();
            boolean draining = registry.draining();
            ObjectNode body = CallJson.mapper().createObjectNode().put("status", draining ? "draining" : storeUp ? "up" : "down");
            ObjectNode checks = body.putObject("checks");
            checks.put("store", storeUp ? "up" : "down");
            extraChecks.forEach((name, check) -> checks.put(name, check.get()));
            if (draining) body.put("activeCalls", registry.activeCalls());
            Json.send(rc, storeUp && !draining ? 200 : 503, body);
        });
    }

    public void stats(RoutingContext rc) {
        ObjectNode body = CallJson.mapper().createObjectNode()
                .put("activeCalls", registry.activeCalls())
                .put("totalCalls", registry.totalCalls())
                .put("maxConcurrentCalls", registry.maxConcurrentCalls());
        ObjectNode byProvider = body.putObject("byProvider");
        for (Provider p : Provider.values()) {
            ObjectNode provider = byProvider.putObject(p.wireName()).put("activeCalls", registry.activeCalls(p))
                    .put("totalCalls", registry.totalCalls(p)).put("framesIn", metrics.framesIn(p)).put("framesOut", metrics.framesOut(p));
            if (p == Provider.ASTERISK) metrics.asteriskCounts().forEach(provider::put);
        }
        body.put("uptimeSeconds", Duration.between(startedAt, Instant.now()).toSeconds());
        body.putObject("media").put("framesIn", metrics.framesIn()).put("framesOut", metrics.framesOut());
        body.putObject("process")
                .put("pid", ProcessHandle.current().pid())
                .put("cpuNanos", processCpuNanos())
                .put("rssBytes", rssBytes());
        Json.send(rc, 200, body);
    }

    /** {@code GET /api/system/history}: the last hour, a point every 10 s, for the dashboard's charts. */
    public void history(RoutingContext rc) {
        ObjectNode body = CallJson.mapper().createObjectNode().put("everySeconds", SystemHistory.EVERY.toSeconds());
        body.set("points", CallJson.mapper().valueToTree(history.points()));
        Json.send(rc, 200, body);
    }

    public void metrics(RoutingContext rc) {
        rc.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Resident set size from /proc on Linux; the JVM's committed heap elsewhere, as the nearest honest figure. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: fall through
        }
        return Runtime.getRuntime().totalMemory();
    }
}
