package dev.callbridge.engine.openai;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The items of one fake session's conversation in order, the assistant audio each item has had
 * sent, and every truncate the client asked for. Mutated on the session's event loop only;
 * {@link #truncations()} is safe to read from a test thread.
 */
final class Conversation {
    /** One {@code conversation.item.truncate} as received, and whether the fake accepted it. */
    record Truncation(String itemId, int contentIndex, long audioEndMs, boolean accepted) {}

    final String id;
    private final List<JsonObject> items = new ArrayList<>();
    private final Map<String, Double> audioMsSent = new HashMap<>();
    private final List<Truncation> truncations = new CopyOnWriteArrayList<>();

    Conversation(String id) {
        this.id = id;
    }

    /** Appends an item; returns the id of the item before it (the event's {@code previous_item_id}), or null. */
    String add(JsonObject item) {
        String previous = lastId();
        items.add(item);
        return previous;
    }

    String lastId() {
        return items.isEmpty() ? null : items.getLast().getString("id");
    }

    String previousOf(String itemId) {
        for (int i = 0; i < items.size(); i++)
            if (items.get(i).getString("id").equals(itemId)) return i == 0 ? null : items.get(i - 1).getString("id");
        return null;
    }

    Optional<JsonObject> get(String itemId) {
        return items.stream().filter(i -> i.getString("id").equals(itemId)).findFirst();
    }

    /** Replaces a stored item (e.g. the completed form of an assistant item). */
    void replace(JsonObject item) {
        for (int i = 0; i < items.size(); i++) if (items.get(i).getString("id").equals(item.getString("id"))) items.set(i, item);
    }

    boolean remove(String itemId) {
        return items.removeIf(i -> i.getString("id").equals(itemId));
    }

    boolean hasFunctionCall(String callId) {
        return items.stream().anyMatch(i -> "function_call".equals(i.getString("type")) && callId.equals(i.getString("call_id")));
    }

    void audioSent(String itemId, double ms) {
        audioMsSent.merge(itemId, ms, Double::sum);
    }

    double audioMsSent(String itemId) {
        return audioMsSent.getOrDefault(itemId, 0.0);
    }

    boolean anyAudioSent() {
        return !audioMsSent.isEmpty();
    }

    /**
     * Doc §3: only assistant message items can be truncated, and {@code audio_end_ms} must not
     * exceed the audio the item has (here: the audio actually sent for it). Error codes and texts
     * are ASSUMED. On success the item's transcript is cut too (doc §3), in proportion to the audio kept.
     */
    Optional<RealtimeError> truncate(String itemId, int contentIndex, long audioEndMs) {
        Optional<JsonObject> item = itemId == null ? Optional.empty() : get(itemId);
        RealtimeError error = null;
        if (item.isEmpty()) error = RealtimeError.invalidRequest("invalid_value", "Item with item_id '" + itemId + "' not found.", "item_id");
        else if (!"assistant".equals(item.get().getString("role")))
            error = RealtimeError.invalidRequest("invalid_value", "Only assistant messages can be truncated.", "item_id");
        else if (contentIndex != 0) error = RealtimeError.invalidRequest("invalid_value", "Invalid content_index: " + contentIndex + ".", "content_index");
        else if (audioEndMs < 0 || audioEndMs > Math.floor(audioMsSent(itemId)))
            error = RealtimeError.invalidRequest("invalid_value", String.format(java.util.Locale.ROOT,
                    "Audio content of %.0fms is already shorter than %dms", audioMsSent(itemId), audioEndMs), "audio_end_ms");
        truncations.add(new Truncation(itemId, contentIndex, audioEndMs, error == null));
        if (error == null) cutTranscript(item.get(), audioEndMs / Math.max(1.0, audioMsSent(itemId)));
        return Optional.ofNullable(error);
    }

    private static void cutTranscript(JsonObject item, double keep) {
        JsonArray content = item.getJsonArray("content");
        if (content == null || content.isEmpty()) return;
        JsonObject part = content.getJsonObject(0);
        List<String> words = ResponsePlayer.pieces(part.getString("transcript", ""));
        part.put("transcript", String.join("", words.subList(0, (int) Math.floor(words.size() * Math.min(1.0, keep)))));
    }

    /** Copies of the items in order. */
    List<JsonObject> items() {
        return items.stream().map(JsonObject::copy).toList();
    }

    List<Truncation> truncations() {
        return List.copyOf(truncations);
    }
}
