package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.Provider;
import dev.callbridge.call.TranscriptEntry;
import dev.callbridge.store.PostgresSchema;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/calls} with filters: each bad parameter is a 400 naming it; good ones narrow the
 * list and page with the cursor; {@code q} searches transcripts on PostgreSQL and is a 501
 * {@code search_unsupported} on the embedded store, which every answer announces as {@code transcriptSearch}.
 */
class CallListFiltersApiTest {
    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;

    private static void assertError(GatewayFixture.Response r, int status, String code, String messageStart) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonNode error = r.json().path("error");
        assertThat(error.path("code").asText()).as(r.body()).isEqualTo(code);
        assertThat(error.path("message").asText()).as(r.body()).startsWith(messageStart);
    }

    @Test
    void eachBadParameterIsA400NamingIt() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            assertError(gw.get("/api/calls?provider=skype"), 400, "bad_request", "provider: must be twilio or asterisk, got 'skype'");
            assertError(gw.get("/api/calls?agent=robot"), 400, "bad_request", "agent: must be one of echo, interpreter, pipeline, realtime, got 'robot'");
            assertError(gw.get("/api/calls?since=yesterday"), 400, "bad_request", "since: must be an ISO-8601 instant");
            assertError(gw.get("/api/calls?since=2026-13-01"), 400, "bad_request", "since: ");
            assertError(gw.get("/api/calls?until=2026-11-21T10:00"), 400, "bad_request", "until: must be an ISO-8601 instant");
            assertError(gw.get("/api/calls?since=2026-11-22&until=2026-11-21"), 400, "bad_request", "until: must be after since");
            assertError(gw.get("/api/calls?number=555-1234"), 400, "bad_request", "number: must be digits with an optional leading +, got '555-1234'");
            assertError(gw.get("/api/calls?number=" + enc("1%")), 400, "bad_request", "number: ");
            assertError(gw.get("/api/calls?number=" + enc("+")), 400, "bad_request", "number: ");
            assertError(gw.get("/api/calls?q=" + enc("?!")), 400, "bad_request", "q: must hold at least one word");
            assertError(gw.get("/api/calls?q=" + "a".repeat(201)), 400, "bad_request", "q: must be at most 200 characters");
            assertError(gw.get("/api/calls?status=over"), 400, "bad_request", "status: ");
            // A good q on the embedded store: not the client's fault, and not to be retried here.
            assertError(gw.get("/api/calls?q=table"), 501, "search_unsupported",
                    "q: searching transcripts needs the PostgreSQL store");
            assertThat(gw.get("/api/calls?provider=&agent=&number=").status()).as("blank means any").isEqualTo(200);
        }
    }

    @Test
    void filtersNarrowTheListAndTheCursorKeepsThem() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            List<CallEvent> events = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                Provider provider = i % 2 == 0 ? Provider.ASTERISK : Provider.TWILIO;
                events.add(created(call("c_" + i, provider, "+1555000000" + i, i <= 3 ? CallStatus.FAILED : CallStatus.COMPLETED,
                        T.plusSeconds(i))));
            }
            gw.gateway.store().write(events);

            JsonNode all = gw.get("/api/calls?limit=2&provider=twilio").json();
            assertThat(ids(all)).containsExactly("c_5", "c_3");
            assertThat(all.path("transcriptSearch").asBoolean(true)).isFalse();
            JsonNode rest = gw.get("/api/calls?limit=2&provider=twilio&cursor=" + enc(all.path("next").asText())).json();
            assertThat(ids(rest)).containsExactly("c_1");
            assertThat(rest.path("next").isNull()).isTrue();

            assertThat(ids(gw.get("/api/calls?status=failed&provider=asterisk").json())).containsExactly("c_2");
            assertThat(ids(gw.get("/api/calls?number=" + enc("+15550000004")).json())).containsExactly("c_4");
            assertThat(ids(gw.get("/api/calls?agent=echo&since=2026-11-21T10:00:04Z").json())).containsExactly("c_6", "c_5", "c_4");
            assertThat(ids(gw.get("/api/calls?since=2026-11-21&until=2026-11-21").json())).hasSize(6);
            assertThat(ids(gw.get("/api/calls?since=2026-11-22").json())).isEmpty();
        }
    }

    @Test
    void onPostgresQFindsCallsByAWordInTheirTranscript() {
        try (PostgresSchema schema = PostgresSchema.create();
             GatewayFixture gw = new GatewayFixture(dir, "STORE", "postgres", "DATABASE_URL", schema.databaseUrl())) {
            gw.gateway.store().write(List.of(
                    created(call("c_1", Provider.TWILIO, "+15550000001", CallStatus.COMPLETED, T.plusSeconds(1))),
                    said("c_1", "I would like a table for two"),
                    created(call("c_2", Provider.TWILIO, "+15550000002", CallStatus.COMPLETED, T.plusSeconds(2))),
                    said("c_2", "Where is my parcel")));

            JsonNode found = gw.get("/api/calls?q=" + enc("Parcel")).json();
            assertThat(ids(found)).containsExactly("c_2");
            assertThat(found.path("transcriptSearch").asBoolean(false)).isTrue();
            assertThat(ids(gw.get("/api/calls?q=table&number=0000001").json())).containsExactly("c_1");
            assertThat(ids(gw.get("/api/calls?q=table&number=0000002").json())).isEmpty();
        }
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("calls").forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static CallRecord call(String id, Provider provider, String from, CallStatus status, Instant createdAt) {
        return new CallRecord(id, provider, "P" + id, Direction.INBOUND, from, "+15559870000", CallStatus.QUEUED, "echo", "en",
                createdAt, null, null, null, null, Map.of()).ended(status, createdAt.plusSeconds(30), dev.callbridge.call.EndReason.CALLER_HANGUP);
    }

    static CallEvent created(CallRecord call) {
        return new CallEvent.Created(call, call.createdAt());
    }

    static CallEvent said(String callId, String text) {
        TranscriptEntry entry = new TranscriptEntry(1, Direction.INBOUND, TranscriptEntry.Speaker.CALLER, TranscriptEntry.Kind.SPEECH,
                text, "en", null, 1000L, 1900L, T, false);
        return new CallEvent.Transcript(callId, entry, T);
    }
}
