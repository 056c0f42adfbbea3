package dev.callbridge.asterisk;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One channel inside {@link FakeAri}: mutable, touched only under the fake's lock. Serialises
 * with the keys, in the order, of Asterisk 22's Channel JSON in the captures.
 */
final class FakeAriChannel {
    /** How the channel came to be, which decides the events of its hangup (see the captures). */
    enum Origin { INCOMING, ORIGINATED, EXTERNAL_MEDIA }

    final String id;
    final String name;
    final Origin origin;
    final String creationtime;
    final Map<String, String> variables = new LinkedHashMap<>();
    String state;
    String protocolId = "";
    String callerName = "";
    String callerNumber = "";
    String connectedName = "";
    String connectedNumber = "";
    String context = "default";
    String exten = "s";
    long priority = 1;
    String appName = "AppDial2";
    String appData = "(Outgoing Line)";
    boolean inStasis;
    String bridgeId;

    FakeAriChannel(String id, String name, Origin origin, String state, String creationtime) {
        this.id = id;
        this.name = name;
        this.origin = origin;
        this.state = state;
        this.creationtime = creationtime;
    }

    /** Entered {@code Stasis(app,args…)}: the dialplan location says so, as in every StasisStart captured. */
    void enterStasis(String app, String args) {
        inStasis = true;
        appName = "Stasis";
        appData = args.isEmpty() ? app : app + "," + args;
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("name", name)
                .put("state", state)
                .put("protocol_id", protocolId)
                .put("caller", new JsonObject().put("name", callerName).put("number", callerNumber))
                .put("connected", new JsonObject().put("name", connectedName).put("number", connectedNumber))
                .put("accountcode", "")
                .put("dialplan", new JsonObject().put("context", context).put("exten", exten).put("priority", priority)
                        .put("app_name", appName).put("app_data", appData))
                .put("creationtime", creationtime)
                .put("language", "en");
    }

    /** externalMedia's answer: the channel plus its variables as {@code channelvars}. */
    JsonObject toJsonWithChannelvars() {
        JsonObject vars = new JsonObject();
        variables.forEach(vars::put);
        return toJson().put("channelvars", vars);
    }

    AriChannel snapshot() {
        return new AriChannel(id, name, state, protocolId, new AriChannel.CallerId(callerName, callerNumber),
                new AriChannel.CallerId(connectedName, connectedNumber),
                new AriChannel.Dialplan(context, exten, priority, appName, appData), creationtime, "en", variables);
    }
}
