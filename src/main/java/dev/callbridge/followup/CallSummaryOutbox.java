package dev.callbridge.followup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.FollowUp;
import dev.callbridge.call.TranscriptEntry;
import dev.callbridge.config.Config;
import dev.callbridge.store.EventOutbox;
import dev.callbridge.webhook.DeliveryRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides, in the transaction that stores a call's end, whether the call gets a WhatsApp summary:
 * a completed call whose caller (the called party, for a call we placed) has a mobile number and
 * said something. If so it writes an outbox row for {@link CallSummarySender}, so the follow-up
 * survives a restart like any webhook; either way the decision is on the call's record
 * ({@code followUp}: {@code pending} or {@code skipped} with the reason). Calls that did not
 * complete get nothing and no {@code followUp}.
 */
public final class CallSummaryOutbox implements EventOutbox {
    /** The outbox's name for the follow-up: its rows' receiver, shown as their {@code url}. */
    public static final String RECEIVER = "whatsapp:call-summary";
    /** The rows' {@code type}. */
    public static final String TYPE = "call.summary";
    public static final String CHANNEL = "whatsapp";

    private final Config.CallSummary settings;
    private final MobileNumbers numbers;
    private final Duration retryFor;
    private final Clock clock;

    /** @param retryFor how long a follow-up is retried before it is dead: the outbox's one window ({@code WEBHOOK_RETRY_HOURS}) */
    public CallSummaryOutbox(Config.CallSummary settings, MobileNumbers numbers, Duration retryFor, Clock clock) {
        this.settings = settings;
        this.numbers = numbers;
        this.retryFor = retryFor;
        this.clock = clock;
    }

    @Override
    public void append(Connection tx, CallEvent event, String eventId, StoredCalls calls) throws SQLException {
        if (!(event instanceof CallEvent.Ended ended) || ended.call().status() != CallStatus.COMPLETED) return;
        CallRecord call = ended.call();
        String to = call.direction() == Direction.INBOUND ? call.from() : call.to();
        Instant now = clock.instant();
        Optional<String> notMobile = numbers.whyNotMobile(to);
        if (notMobile.isPresent()) {
            calls.followUp(call.id(), skipped(to, notMobile.get(), now));
            return;
        }
        List<TranscriptEntry> transcript = calls.transcript(call.id());
        if (transcript.stream().noneMatch(CallSummaryOutbox::said)) {
            calls.followUp(call.id(), skipped(to, "nothing was said on the call", now));
            return;
        }
        ObjectNode body = CallJson.mapper().createObjectNode().put("callId", call.id()).put("to", to).put("language", call.language());
        var entries = body.putArray("transcript");
        transcript.stream().filter(CallSummaryOutbox::said).forEach(e -> entries.add(CallJson.entry(e)));
        DeliveryRows.insert(tx, eventId, TYPE, call.id(), RECEIVER, CallJson.write(body), now, retryFor);
        calls.followUp(call.id(), new FollowUp(FollowUp.PENDING, CHANNEL, to, settings.template(), null, null, null, 0, now));
    }

    /** Speech with words in it: what a summary is made of. */
    static boolean said(TranscriptEntry e) {
        return e.kind() == TranscriptEntry.Kind.SPEECH && e.text() != null && !e.text().isBlank();
    }

    private FollowUp skipped(String to, String why, Instant at) {
        return new FollowUp(FollowUp.SKIPPED, CHANNEL, to, settings.template(), null, null, new FollowUp.Error(null, why), 0, at);
    }
}
