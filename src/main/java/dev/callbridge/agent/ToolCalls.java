package dev.callbridge.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.Direction;
import dev.callbridge.call.TranscriptEntry.Kind;
import dev.callbridge.call.TranscriptEntry.Speaker;
import dev.callbridge.engine.llm.ToolCall;
import io.vertx.core.Future;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs the model's function calls for one call. Each result is handed back as it comes and
 * recorded (a {@code tool} transcript entry and event, metrics); a tool the model made up, or one that fails, answers
 * with a readable {@code {"error":…}} rather than leaving the model waiting. While any tool is
 * still running after {@code fillerAfter}, the caller hears the filler prompt, repeated every
 * {@code fillerEvery}: never dead air. All on the call's context.
 */
public final class ToolCalls {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final Map<String, AgentTool> tools;
    private final CallContext ctx;
    private final AgentMetrics metrics;
    private final Duration fillerAfter;
    private final Duration fillerEvery;
    private final SpokenPrompt filler;
    private final Consumer<SpokenPrompt> play;
    private int running;
    private long fillerTimer = -1;

    /**
     * @param fillerAfter how long a tool may run before the caller hears {@code filler} (zero: never)
     * @param fillerEvery how often it is repeated while a tool still runs
     */
    public ToolCalls(Map<String, AgentTool> tools, CallContext ctx, AgentMetrics metrics, Duration fillerAfter, Duration fillerEvery,
                     SpokenPrompt filler, Consumer<SpokenPrompt> play) {
        this.tools = tools;
        this.ctx = ctx;
        this.metrics = metrics;
        this.fillerAfter = fillerAfter;
        this.fillerEvery = fillerEvery;
        this.filler = filler;
        this.play = play;
    }

    /**
     * Runs {@code calls}, giving each result to {@code onResult(callId, output)} as it arrives.
     * Completes once all have answered: true when one asked to end the call once its goodbye is heard.
     */
    public Future<Boolean> run(List<ToolCall> calls, BiConsumer<String, String> onResult) {
        List<Future<Boolean>> done = new ArrayList<>();
        running++;
        fillWhileRunning();
        for (ToolCall item : calls) {
            long t0 = System.nanoTime();
            long startMs = ctx.elapsedMs();
            AgentTool tool = tools.get(item.name());
            JsonNode args = parseArguments(item.arguments());
            Future<AgentTool.Result> result = tool == null
                    ? Future.succeededFuture(AgentTool.Result.of(error("no tool named " + item.name())))
                    : tool.call(args, ctx).otherwise(e -> AgentTool.Result.of(error(String.valueOf(e.getMessage()))));
            done.add(result.map(r -> {
                long took = System.nanoTime() - t0;
                metrics.toolCall(item.name(), took, tool != null && !r.output().startsWith("{\"error\""));
                ctx.toolInvoked(item.name(), CallJson.mapper().convertValue(args, MAP), r.output(), took / 1_000_000);
                ctx.transcribe(Direction.OUTBOUND, Speaker.AGENT, Kind.TOOL, item.name() + " " + CallJson.write(args) + " → " + r.output(),
                        startMs, ctx.elapsedMs(), false);
                onResult.accept(item.id(), r.output());
                return r.endCallWhenHeard();
            }));
        }
        return Future.all(done).map(all -> {
            if (--running == 0) cancelFiller();
            return done.stream().anyMatch(Future::result);
        });
    }

    public void stop() {
        cancelFiller();
    }

    private void fillWhileRunning() {
        if (fillerTimer >= 0 || fillerAfter.isZero()) return;
        fillerTimer = ctx.context().owner().setPeriodic(fillerAfter.toMillis(),
                Math.max(1, fillerEvery.toMillis()), id -> {
                    if (running == 0) return;
                    play.accept(filler);
                    long at = ctx.elapsedMs();
                    ctx.transcribe(Direction.OUTBOUND, Speaker.AGENT, Kind.SPEECH, filler.text(), at, null, false);
                });
    }

    private void cancelFiller() {
        if (fillerTimer >= 0) ctx.context().owner().cancelTimer(fillerTimer);
        fillerTimer = -1;
    }

    /** A tool failure as JSON the model can read; built by the mapper, so any message is escaped. */
    private static String error(String message) {
        return CallJson.write(CallJson.mapper().createObjectNode().put("error", message));
    }

    private static JsonNode parseArguments(String json) {
        try {
            JsonNode node = json == null ? null : CallJson.mapper().readTree(json);
            return node != null && node.isObject() ? node : CallJson.mapper().createObjectNode();
        } catch (IOException e) {
            return CallJson.mapper().createObjectNode();
        }
    }
}
