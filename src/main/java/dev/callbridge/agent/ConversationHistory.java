package dev.callbridge.agent;

import dev.callbridge.engine.openai.RealtimeClientEvent.CreateItem;
import dev.callbridge.engine.openai.RealtimeItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conversation so far, as the caller experienced it: what they said (transcribed), what the
 * agent said and they heard, and each tool call with its result, in the order the server added
 * them. A fresh session (rollover, reconnect) is given this, item by item and under the same
 * item ids, so the model carries on where it was.
 *
 * <p>Only the newest {@value #MAX_ITEMS} items are kept: a call that long has long outgrown
 * what the model pays attention to, and a replay must stay quick.
 */
final class ConversationHistory {
    static final int MAX_ITEMS = 200;

    /** One item: its kind and, once known, its text (a message) or arguments/output (a tool). */
    private static final class Entry {
        final String id;
        final String type;
        final String role;
        final String callId;
        String name;
        String text;
        String arguments;
        String output;
        /** The agent's words were cut at what the caller heard; later transcripts must not widen them. */
        boolean heardFinal;

        Entry(String id, String type, String role, String callId) {
            this.id = id;
            this.type = type;
            this.role = role;
            this.callId = callId;
        }
    }

    private final Map<String, Entry> items = new LinkedHashMap<>();
    private int generatedIds;

    /** The server added an item (its own, or one we created). A replayed item keeps its place. */
    void added(RealtimeItem item) {
        if (!item.type().equals("message") && !item.isFunctionCall() && !item.type().equals("function_call_output")) return;
        if (item.type().equals("message") && "system".equals(item.role())) return;
        String id = item.id() != null ? item.id() : "item_cb" + (++generatedIds);
        Entry entry = items.get(id);
        if (entry == null) {
            entry = new Entry(id, item.type(), item.role(), item.callId());
            items.put(id, entry);
            if (items.size() > MAX_ITEMS) items.remove(items.keySet().iterator().next());
        }
        fill(entry, item);
    }

    /** The item is final on the server ({@code conversation.item.done}): take its arguments and transcript. */
    void done(RealtimeItem item) {
        Entry entry = item.id() == null ? null : items.get(item.id());
        if (entry == null) added(item);
        else fill(entry, item);
    }

    private static void fill(Entry entry, RealtimeItem item) {
        if (item.name() != null) entry.name = item.name();
        if (item.arguments() != null && !item.arguments().isEmpty()) entry.arguments = item.arguments();
        if (item.output() != null) entry.output = item.output();
        String text = item.firstText();
        if (text != null && !text.isEmpty() && !entry.heardFinal) entry.text = text;
    }

    /** A transcript became known: the caller's words, or the agent's full answer. */
    void transcript(String itemId, String text) {
        Entry entry = items.get(itemId);
        if (entry != null && !entry.heardFinal) entry.text = text;
    }

    /** The agent was cut off: the model should remember only what the caller heard. */
    void heard(String itemId, String text) {
        Entry entry = items.get(itemId);
        if (entry == null) return;
        entry.text = text;
        entry.heardFinal = true;
    }

    /** A function call's final arguments (from {@code response.done}). */
    void functionCall(RealtimeItem call) {
        for (Entry e : items.values()) {
            if (e.callId != null && e.callId.equals(call.callId()) && e.type.equals("function_call")) {
                fill(e, call);
                return;
            }
        }
        added(call);
    }

    /** A tool's result we are about to hand the model; returns the item, with the id it will have. */
    RealtimeItem toolOutput(String callId, String output) {
        RealtimeItem item = RealtimeItem.functionCallOutput("item_cb" + (++generatedIds), callId, output);
        added(item);
        return item;
    }

    /**
     * The items to create, in order, for a fresh session to hold this conversation. Messages
     * nobody can read (a caller's words never transcribed) are left out, and so is a tool result
     * whose call was forgotten, which the server would refuse.
     */
    List<CreateItem> replay() {
        List<CreateItem> out = new ArrayList<>();
        Set<String> calls = new HashSet<>();
        for (Entry e : items.values()) {
            switch (e.type) {
                case "message" -> {
                    if (e.text == null || e.text.isBlank()) continue;
                    out.add("assistant".equals(e.role) ? CreateItem.assistantText(e.id, e.text) : CreateItem.userText(e.id, e.text));
                }
                case "function_call" -> {
                    if (e.callId == null || e.name == null) continue;
                    calls.add(e.callId);
                    out.add(new CreateItem(null, null, RealtimeItem.functionCall(e.id, e.callId, e.name,
                            e.arguments == null ? "{}" : e.arguments)));
                }
                default -> {
                    if (e.output == null || !calls.contains(e.callId)) continue;
                    out.add(new CreateItem(null, null, RealtimeItem.functionCallOutput(e.id, e.callId, e.output)));
                }
            }
        }
        return out;
    }

    int size() {
        return items.size();
    }
}
