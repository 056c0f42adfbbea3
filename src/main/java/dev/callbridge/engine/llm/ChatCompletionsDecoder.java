package dev.callbridge.engine.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.engine.llm.ChatCompletionsEvent.End;
import dev.callbridge.engine.llm.ChatCompletionsEvent.ServerError;
import dev.callbridge.engine.llm.ChatCompletionsEvent.Text;
import dev.callbridge.engine.llm.ChatCompletionsEvent.ToolCallReady;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one streamed chat completion (docs/protocols/openai-chat-completions.md): the bytes of the
 * SSE body in, split anywhere, and {@link ChatCompletionsEvent}s out. Text deltas come out at once;
 * tool calls are assembled from their fragments by {@code index} and come out whole when the model
 * finishes its turn; the end waits for {@code [DONE]}, since the usage chunk comes after the finish.
 * Only choice 0 is read (the request never asks for more). Pure, no I/O; one instance per stream,
 * used by one thread at a time.
 *
 * <p>Bad input throws {@link ChatProtocolException} and nothing else; after that (or after the
 * end, or a server error) the decoder ignores whatever follows.
 */
public final class ChatCompletionsDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SseReader sse;
    private final long maxBodyBytes;
    private long bodyBytes;
    private int chunks;
    private int textChars;
    /** Set once an end, a server error or a protocol failure came out: whatever follows is ignored. */
    private boolean over;
    private boolean failed;
    private boolean finished;
    private String finishReason;
    private ChatEnd.Usage usage;
    /** Tool calls being assembled, by the model's index; emptied when the turn finishes. */
    private final Map<Integer, PartialCall> calls = new TreeMap<>();
    private int lastIndex = -1;
    private List<ChatCompletionsEvent> out;

    /**
     * @param maxLineBytes an SSE line (one chunk of JSON) longer than this is an error
     * @param maxBodyBytes a body longer than this is an error: a runaway server must not run the heap out
     */
    public ChatCompletionsDecoder(int maxLineBytes, long maxBodyBytes) {
        this.sse = new SseReader(maxLineBytes);
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Reads the next piece of the body, appending what it completes to {@code events}. */
    public void feed(byte[] bytes, int offset, int length, List<ChatCompletionsEvent> events) {
        if (over) return;
        bodyBytes += length;
        if (bodyBytes > maxBodyBytes) {
            over = true;
            failed = true;
            throw new ChatProtocolException("response body over " + maxBodyBytes + " bytes (" + progress() + ")");
        }
        run(events, () -> sse.feed(bytes, offset, length, this::onEvent));
    }

    /** The body ended cleanly; a last event without its blank line still counts. */
    public void end(List<ChatCompletionsEvent> events) {
        if (over) return;
        run(events, () -> {
            sse.end(this::onEvent);
            // A server that finished the turn but closed without [DONE] has still said all it meant to.
            if (!over && finished) complete(out);
        });
    }

    /** An {@link End} or a {@link ServerError} has come out: the stream is over. */
    public boolean isComplete() {
        return over && !failed;
    }

    /** What has arrived so far, for a failure's message: e.g. {@code 12 chunks, 340 characters of text, 1 tool call unfinished}. */
    public String progress() {
        StringBuilder s = new StringBuilder().append(chunks).append(chunks == 1 ? " chunk, " : " chunks, ")
                .append(textChars).append(" characters of text");
        if (!calls.isEmpty()) s.append(", ").append(calls.size()).append(calls.size() == 1 ? " tool call" : " tool calls").append(" unfinished");
        s.append(finished ? ", finish_reason " + finishReason : ", no finish_reason");
        return s.toString();
    }

    private void run(List<ChatCompletionsEvent> events, Runnable reading) {
        out = events;
        try {
            reading.run();
        } catch (ChatProtocolException e) {
            over = true;
            failed = true;
            throw e;
        } finally {
            out = null;
        }
    }

    private void onEvent(String type, String data) {
        if (over) return;
        if (data.startsWith("[DONE]")) {
            complete(out);
            return;
        }
        chunks++;
        JsonNode chunk = parse(data);
        JsonNode error = chunk.get("error");
        if ("error".equals(type) || (error != null && !error.isNull())) {
            over = true;
            out.add(error != null && error.isObject()
                    ? new ServerError(text(error, "message"), text(error, "type"), text(error, "code"))
                    : new ServerError(error != null && error.isTextual() ? error.asText() : null, null, null));
            return;
        }
        JsonNode u = chunk.get("usage");
        if (u != null && u.isObject()) {
            usage = new ChatEnd.Usage(u.path("prompt_tokens").asInt(0), u.path("completion_tokens").asInt(0),
                    u.path("total_tokens").asInt(0));
        }
        JsonNode choices = chunk.get("choices");
        if (choices == null || choices.isNull()) return;
        if (!choices.isArray()) throw bad("choices is not an array");
        for (JsonNode choice : choices) {
            if (!choice.isObject()) throw bad("a choice is not an object");
            if (choice.path("index").asInt(0) != 0 || finished) continue;
            readDelta(choice.get("delta"));
            JsonNode reason = choice.get("finish_reason");
            if (reason != null && !reason.isNull()) {
                if (!reason.isTextual()) throw bad("finish_reason is not a string");
                finished = true;
                finishReason = reason.asText();
                releaseToolCalls(out);
            }
        }
    }

    private void readDelta(JsonNode delta) {
        if (delta == null || delta.isNull()) return;
        if (!delta.isObject()) throw bad("delta is not an object");
        // A refusal is the model's answer to the caller too; reasoning_content (vLLM, DeepSeek) is not spoken.
        for (String field : new String[] {"content", "refusal"}) {
            JsonNode content = delta.get(field);
            if (content == null || content.isNull()) continue;
            if (!content.isTextual()) throw bad("delta." + field + " is not a string");
            String text = content.asText();
            if (!text.isEmpty()) {
                textChars += text.length();
                out.add(new Text(text));
            }
        }
        JsonNode toolCalls = delta.get("tool_calls");
        if (toolCalls == null || toolCalls.isNull()) return;
        if (!toolCalls.isArray()) throw bad("delta.tool_calls is not an array");
        for (JsonNode piece : toolCalls) readToolCallPiece(piece);
    }

    /**
     * OpenAI sends {@code id} and {@code function.name} in a call's first piece only and the
     * arguments in fragments after it, all under the call's {@code index}; some servers send a
     * whole call in one piece, repeat the id, or leave the index out. The first id and name win,
     * arguments are concatenated; a piece without an index belongs to the call its id names, else
     * to the latest call.
     */
    private void readToolCallPiece(JsonNode piece) {
        if (!piece.isObject()) throw bad("a tool call piece is not an object");
        String id = text(piece, "id");
        JsonNode indexNode = piece.get("index");
        int index;
        if (indexNode != null && !indexNode.isNull()) {
            if (!indexNode.canConvertToInt() || !indexNode.isIntegralNumber() || indexNode.asInt() < 0) {
                throw bad("tool call index is not a small non-negative integer");
            }
            index = indexNode.asInt();
        } else {
            PartialCall last = calls.get(lastIndex);
            index = last != null && (id == null || id.equals(last.id)) ? lastIndex : lastIndex + 1;
        }
        if (calls.size() >= 128 && !calls.containsKey(index)) throw bad("over 128 tool calls in one turn");
        lastIndex = index;
        PartialCall call = calls.computeIfAbsent(index, i -> new PartialCall());
        if (call.id == null && id != null && !id.isEmpty()) call.id = id;
        JsonNode function = piece.get("function");
        if (function == null || function.isNull()) return;
        if (!function.isObject()) throw bad("tool call function is not an object");
        String name = text(function, "name");
        if (call.name == null && name != null && !name.isEmpty()) call.name = name;
        JsonNode arguments = function.get("arguments");
        if (arguments == null || arguments.isNull()) return;
        // Ollama has been seen sending arguments as an object rather than JSON text.
        call.arguments.append(arguments.isTextual() ? arguments.asText() : arguments.toString());
    }

    private void releaseToolCalls(List<ChatCompletionsEvent> events) {
        for (Map.Entry<Integer, PartialCall> e : calls.entrySet()) {
            PartialCall call = e.getValue();
            if (call.name == null) throw bad("tool call " + e.getKey() + " has no function name");
            // Without an id the tool's answer could not be matched to the call; a stable one will do.
            String id = call.id != null ? call.id : "call_" + e.getKey();
            String args = call.arguments.isEmpty() ? "{}" : call.arguments.toString();
            events.add(new ToolCallReady(new ToolCall(id, call.name, args)));
        }
        calls.clear();
    }

    private void complete(List<ChatCompletionsEvent> events) {
        releaseToolCalls(events);
        over = true;
        events.add(new End(new ChatEnd(ChatEnd.FinishReason.of(finishReason), finishReason, usage)));
    }

    private JsonNode parse(String data) {
        JsonNode node;
        try {
            node = JSON.readTree(data);
        } catch (Exception e) {
            // Jackson reports bad input as IOException, and some limits as IllegalArgument/State.
            throw bad("not JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (node == null || !node.isObject()) throw bad("not a JSON object");
        return node;
    }

    private ChatProtocolException bad(String problem) {
        return new ChatProtocolException("chunk " + chunks + ": " + problem);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    private static final class PartialCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }
}
