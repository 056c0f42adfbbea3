package dev.callbridge.twilio;

import dev.callbridge.call.Call;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.OutboundDialer;
import io.vertx.core.Future;
import java.net.URI;

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
    public Future<String> dial(Call call) {
        // Inline TwiML, run once the callee answers; the answered status callback then starts the wait for media.
        String twiml = TwiML.connectStream(streamUrl, CallStreamParameters.of(call));
        return rest.createCall(call.record().to(), call.record().from(), twiml, statusUrl);
    }

    @Override
    public Future<String> dialParty(Call call) {
        Interpretation.Party b = call.record().interpreter().b();
        String twiml = TwiML.connectStream(streamUrl, CallStreamParameters.ofSecondParty(call));
        return rest.createCall(b.to(), b.from(), twiml, statusUrl);
    }

    /** Ends a call Twilio is still placing or carrying, when we have no media stream to close. */
    public void hangup(CallRecord call) {
        if (call.providerCallId() == null) return;
        rest.updateStatus(call.providerCallId(), call.status() == dev.callbridge.call.CallStatus.IN_PROGRESS ? "completed" : "canceled");
    }
}
