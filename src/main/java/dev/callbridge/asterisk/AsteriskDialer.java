package dev.callbridge.asterisk;

import dev.callbridge.call.Call;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.OutboundDialer;
import io.vertx.core.Future;
import java.util.List;

/**
 * Places API calls through Asterisk: originates a channel straight into our application. The
 * call's {@code to} is a dial string ({@code PJSIP/…}) or a number put into the endpoint
 * template ({@code ARI_ENDPOINT_TEMPLATE}, e.g. {@code PJSIP/{to}@provider}).
 */
public final class AsteriskDialer implements OutboundDialer {
    static final int RING_SECONDS = 45;

    private final AriClient ari;
    private final String endpointTemplate;
    private final AsteriskFrontDoor frontDoor;

    public AsteriskDialer(AriClient ari, String endpointTemplate, AsteriskFrontDoor frontDoor) {
        this.ari = ari;
        this.endpointTemplate = endpointTemplate;
        this.frontDoor = frontDoor;
    }

    static String endpoint(String to, String template) {
        return to.contains("/") ? to : template.replace("{to}", to);
    }

    @Override
    public Future<String> dial(Call dialled) {
        CallRecord call = dialled.record();
        String channelId = AriClient.newId();
        frontDoor.dialing(channelId, call.id());
        return ari.originate(channelId, endpoint(call.to(), endpointTemplate), call.from(), RING_SECONDS, List.of("outbound", call.id()))
                .map(AriChannel::id)
                .onFailure(e -> frontDoor.notDialing(channelId));
    }

    @Override
    public Future<String> dialParty(Call call) {
        Interpretation.Party b = call.record().interpreter().b();
        String channelId = AriClient.newId();
        frontDoor.dialingParty(channelId, call.id());
        String callerId = b.from() != null ? b.from() : call.record().from();
        return ari.originate(channelId, endpoint(b.to(), endpointTemplate), callerId, RING_SECONDS, List.of("party-b", call.id()))
                .map(AriChannel::id)
                .onFailure(e -> frontDoor.notDialing(channelId));
    }
}
