package dev.callbridge.whatsapp;

import dev.callbridge.agent.AgentTool;
import dev.callbridge.agent.HttpTool;
import dev.callbridge.agent.HttpToolsFile;
import dev.callbridge.config.Config;
import dev.callbridge.config.ConfigException;
import dev.callbridge.engine.Engines;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * WhatsApp's parts as the configuration sets them up: the Graph API client, the text agent on the
 * pipeline's LLM with {@code AGENT_INSTRUCTIONS} and the HTTP tools, voice notes through the STT
 * engine when there is one, and the routes.
 */
public record WhatsAppLink(GraphApiClient graph, WhatsAppConversations conversations, WhatsAppRoutes routes) {

    /**
     * @param changed each stored or updated message, for {@code /ws/events}
     */
    public static WhatsAppLink start(Config config, Vertx vertx, Engines engines, GraphApiClient graph, WhatsAppStore store,
                                     Consumer<WhatsAppMessage> changed) {
        Config.WhatsApp c = config.whatsapp();
        if (engines.llm() == null) throw new IllegalStateException("WhatsApp needs the LLM engine, which Config requires");
        TextAgent agent = new TextAgent(engines.llm(), config.agent().instructions(), httpTools(config.agent(), vertx));
        VoiceNoteTranscriber transcriber = engines.stt() == null ? null : new VoiceNoteTranscriber(engines.stt());
        // A context of its own (an event loop picked here): the model's callbacks and the per-number queues live on it.
        WhatsAppConversations conversations = new WhatsAppConversations(vertx.getOrCreateContext(), c.phoneNumberId(), store, graph,
                agent, transcriber, changed);
        WhatsAppRoutes routes = new WhatsAppRoutes(c.verifyToken().reveal(), new WebhookSignature(c.appSecret().reveal()), conversations, store);
        conversations.resume();
        return new WhatsAppLink(graph, conversations, routes);
    }

    /** The operator's HTTP tools ({@code AGENT_TOOLS_FILE}), the same the voice agents get. */
    private static List<AgentTool> httpTools(Config.AgentSettings a, Vertx vertx) {
        List<AgentTool> tools = new ArrayList<>();
        if (a.toolsFile() == null) return tools;
        try {
            var http = vertx.createHttpClient();
            for (HttpTool.Declaration d : HttpToolsFile.parse(Files.readString(a.toolsFile()))) tools.add(new HttpTool(d, http));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("AGENT_TOOLS_FILE", e.getMessage());
        }
        return tools;
    }
}
