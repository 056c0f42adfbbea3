package dev.callbridge.twilio;

import dev.callbridge.call.CallRecord;
import dev.callbridge.call.OutboundDialer;
import io.vertx.core.Future;
import java.net.URI;
import java.util.Map;

/** Outbound calls through Twilio: the Calls API with inline TwiML that connects the media stream. */
public final class TwilioDialer implements OutboundDialer {
    private final TwilioRestClient rest;
    private final String streamUrl;
    private final String statusUrl;

    public TwilioDialer(TwilioRestClient rest, URI publicUrl) {
        this.rest = rest;
        this.streamUrl = TwilioRequestAuth.mediaStreamUrl(publicUrl);
        this.statusUrl = publicUrl + "/twilio/status";
    }

    @Override
    public Future<String> dial(CallRecord call) {
        String twiml = TwiML.connectStream(streamUrl, Map.of("callId", call.id()));
        return rest.createCall(call.to(), call.from(), twiml, statusUrl);
    }

    /** Ends a call Twilio is still placing or carrying, when we have no media stream to close. */
    public void hangup(CallRecord call) {
        if (call.providerCallId() == null) return;
        rest.updateStatus(call.providerCallId(), call.status() == dev.callbridge.call.CallStatus.IN_PROGRESS ? "completed" : "canceled");
    }
}
