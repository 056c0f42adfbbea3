package dev.callbridge.asterisk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** One bridge inside {@link FakeAri}; serialises like {@code rest-bridge-create-response.json}. */
final class FakeAriBridge {
    final String id;
    final String type;
    final String name;
    final String creationtime;
    final List<String> channels = new ArrayList<>();

    FakeAriBridge(String id, String type, String name, String creationtime) {
        this.id = id;
        this.type = type;
        this.name = name;
        this.creationtime = creationtime;
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("technology", "simple_bridge")
                .put("bridge_type", type)
                .put("bridge_class", "stasis")
                .put("creator", "Stasis")
                .put("name", name)
                .put("channels", new JsonArray(new ArrayList<>(channels)))
                .put("creationtime", creationtime)
                .put("video_mode", "talker");
    }

    AriBridge snapshot() {
        return new AriBridge(id, "simple_bridge", type, channels);
    }
}
