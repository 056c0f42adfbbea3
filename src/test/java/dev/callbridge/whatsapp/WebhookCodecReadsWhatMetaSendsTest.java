package dev.callbridge.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The payloads of whatsapp-cloud.md §2.3–2.4, batched, with optional parts missing and unknown fields present. */
class WebhookCodecReadsWhatMetaSendsTest {
    private static WebhookCodec.Batch read(String json) {
        return WebhookCodec.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsMessagesAndStatusesAcrossEntriesAndChanges() {
        WebhookCodec.Batch b = read("""
                {"object":"whatsapp_business_account","entry":[
                 {"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",
                   "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
                   "contacts":[{"profile":{"name":"Sheena"},"wa_id":"16505551234"}],
                   "messages":[{"from":"16505551234","id":"wamid.A","timestamp":"1749416383","type":"text","text":{"body":"Hi \\u00e9"},
                                "context":{"from":"x","id":"wamid.Q"},"identity_key_hash":"h"},
                               {"from":"16505551234","id":"wamid.B","timestamp":"1749416384","type":"audio",
                                "audio":{"id":"media1","mime_type":"audio/ogg; codecs=opus","sha256":"s","voice":true}},
                               {"from":"16505551234","id":"wamid.C","type":"interactive",
                                "interactive":{"type":"button_reply","button_reply":{"id":"b1","title":"Yes"}}},
                               {"type":"system","system":{"body":"changed number"}}]}}]},
                 {"id":"2","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"7"},
                   "statuses":[{"id":"wamid.OUT","status":"failed","timestamp":"1749416390","recipient_id":"16505551234",
                                "errors":[{"code":131047,"title":"Re-engagement message","error_data":{"details":"d"}}]},
                               {"id":"wamid.OUT","status":"read","timestamp":"1749416391"}]}}]}]}
                """);
        assertThat(b.messages()).hasSize(3);
        WebhookCodec.Inbound text = b.messages().get(0);
        assertThat(text.text()).isEqualTo("Hi é");
        assertThat(text.at()).isEqualTo(Instant.ofEpochSecond(1749416383));
        assertThat(text.phoneNumberId()).isEqualTo("106540352242922");
        assertThat(b.messages().get(1)).satisfies(v -> {
            assertThat(v.type()).isEqualTo("audio");
            assertThat(v.mediaId()).isEqualTo("media1");
            assertThat(v.mimeType()).startsWith("audio/ogg");
        });
        assertThat(b.messages().get(2).text()).isEqualTo("Yes");
        assertThat(b.statuses()).hasSize(2);
        assertThat(b.statuses().get(0).errorCode()).isEqualTo(131047);
        assertThat(b.statuses().get(0).errorTitle()).isEqualTo("Re-engagement message");
        assertThat(b.statuses().get(1).errorCode()).isNull();
    }

    @Test
    void anEmptyBatchIsNothingAndNonJsonIsRefused() {
        assertThat(read("{\"object\":\"whatsapp_business_account\",\"entry\":[]}").messages()).isEmpty();
        assertThat(read("{\"object\":\"whatsapp_business_account\"}").statuses()).isEmpty();
        assertThatThrownBy(() -> read("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read("{nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
