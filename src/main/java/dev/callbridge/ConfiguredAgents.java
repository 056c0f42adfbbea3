package dev.callbridge;

import dev.callbridge.agent.Agent;
import dev.callbridge.agent.interpreter.InterpreterAgent;
import dev.callbridge.agent.interpreter.InterpreterMetrics;
import dev.callbridge.agent.AgentMetrics;
import dev.callbridge.agent.AgentTool;
import dev.callbridge.agent.EchoAgent;
import dev.callbridge.agent.EndCallTool;
import dev.callbridge.agent.HttpTool;
import dev.callbridge.agent.HttpToolsFile;
import dev.callbridge.agent.RealtimeAgent;
import dev.callbridge.agent.SendDtmfTool;
import dev.callbridge.agent.SpokenPrompt;
import dev.callbridge.agent.TransferCallTool;
import dev.callbridge.agent.pipeline.PipelineAgent;
import dev.callbridge.config.Config;
import dev.callbridge.config.ConfigException;
import dev.callbridge.engine.Engines;
import dev.callbridge.engine.openai.RealtimeCodec;
import dev.callbridge.engine.openai.RealtimeConnection;
import dev.callbridge.engine.openai.RealtimeSessionConfig.TurnDetection;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agents this configuration can run, by name: {@code echo} always; {@code realtime} when there
 * is an OpenAI key; {@code pipeline} when STT, LLM, TTS and a VAD are set up. Part of the
 * composition root: what is built here is shared by every call of that agent.
 */
final class ConfiguredAgents {
    private ConfiguredAgents() {}

    static Map<String, Supplier<Agent>> from(Config config, Vertx vertx, AgentMetrics metrics, InterpreterMetrics interpreterMetrics,
                                             Engines engines) {
        Map<String, Supplier<Agent>> agents = new HashMap<>();
        agents.put("echo", EchoAgent::new);
        Config.AgentSettings a = config.agent();
        List<AgentTool> tools = a.openAiApiKey() != null || engines.canRunPipeline() ? tools(a, vertx) : List.of();
        SpokenPrompt unavailable = SpokenPrompt.unavailable();
        SpokenPrompt oneMoment = SpokenPrompt.oneMoment();
        if (a.openAiApiKey() != null) {
            TurnDetection turns = a.turnDetection().equals("semantic_vad")
                    ? new TurnDetection.SemanticVad("auto", true, true) : TurnDetection.ServerVad.DEFAULTS;
            RealtimeAgent.Settings settings = new RealtimeAgent.Settings(a.openAiRealtimeUrl(), a.openAiRealtimeModel(),
                    a.openAiApiKey(), a.instructions(), a.greeting(), a.openAiVoice(), turns, a.transcriptionModel(),
                    new RealtimeAgent.Timing(a.sessionRollover(), RealtimeAgent.Timing.DEFAULTS.rolloverGrace(),
                            RealtimeAgent.Timing.DEFAULTS.reconnectDelays(), a.toolFillerAfter(), RealtimeAgent.Timing.DEFAULTS.toolFillerEvery(),
                            a.appendBatch()));
            RealtimeAgent.Shared shared = new RealtimeAgent.Shared(vertx.createWebSocketClient(RealtimeConnection.clientOptions()),
                    new RealtimeCodec(), tools, CircuitBreaker.of("openai-realtime", CircuitBreakerConfig.custom()
                            .slidingWindowSize(20).minimumNumberOfCalls(5).failureRateThreshold(50)
                            .waitDurationInOpenState(Duration.ofSeconds(30)).build()),
                    unavailable, oneMoment, metrics);
            agents.put("realtime", () -> new RealtimeAgent(settings, shared));
        }
        if (engines.canRunPipeline()) {
            PipelineAgent.Settings settings = new PipelineAgent.Settings(a.instructions(), a.greeting(), a.bargeInMin(),
                    a.toolFillerAfter(), RealtimeAgent.Timing.DEFAULTS.toolFillerEvery(), RealtimeAgent.Timing.DEFAULTS.endCallWithin());
            PipelineAgent.Shared shared = new PipelineAgent.Shared(engines.vad(), engines.stt(), engines.llm(), engines.tts(), tools,
                    new PipelineAgent.Breakers(), unavailable, oneMoment, metrics);
            agents.put("pipeline", () -> new PipelineAgent(settings, shared));
        }
        if (engines.canRunInterpreter()) {
            InterpreterAgent.Mix mix = config.interpreter().mix() == Config.InterpreterMix.BOTH ? InterpreterAgent.Mix.BOTH : InterpreterAgent.Mix.TRANSLATION;
            InterpreterAgent.Settings settings = new InterpreterAgent.Settings(a.bargeInMin(), InterpreterAgent.Settings.PIECE_AFTER_MILLIS,
                    mix, InterpreterAgent.Settings.ANSWER_WITHIN, RealtimeAgent.Timing.DEFAULTS.endCallWithin());
            InterpreterAgent.Shared shared = new InterpreterAgent.Shared(engines.vad(), engines.stt(), engines.translator(), engines.tts(),
                    InterpreterAgent.Breakers.standard(), interpreterMetrics);
            agents.put("interpreter", () -> new InterpreterAgent(settings, shared));
        }
        return agents;
    }

    /** The built-in tools, then the operator's HTTP tools from {@code AGENT_TOOLS_FILE}. */
    private static List<AgentTool> tools(Config.AgentSettings a, Vertx vertx) {
        List<AgentTool> tools = new ArrayList<>(List.of(new EndCallTool(), new SendDtmfTool(), new TransferCallTool()));
        if (a.toolsFile() != null) {
            HttpClient toolHttp = vertx.createHttpClient();
            try {
                for (HttpTool.Declaration d : HttpToolsFile.parse(Files.readString(a.toolsFile()))) tools.add(new HttpTool(d, toolHttp));
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("AGENT_TOOLS_FILE", e.getMessage());
            }
        }
        return tools;
    }
}
