package dev.callbridge.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The test vectors of whatsapp-cloud.md §2.2, and what a verifier must refuse. */
class WebhookSignatureTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void matchesTheProtocolsVectors() {
        assertThat(new WebhookSignature("secret").sign(b("test")))
                .isEqualTo("sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914");
        WebhookSignature app = new WebhookSignature("my_app_secret");
        byte[] body = b("{\"object\":\"whatsapp_business_account\",\"entry\":[]}");
        assertThat(app.verify(body, "sha256=1e948187320e1d8a8ab09e20b7172f8fe97e79394c0980b59b485e00288e389d")).isTrue();
        assertThat(app.verify(body, "SHA256=1E948187320E1D8A8AB09E20B7172F8FE97E79394C0980B59B485E00288E389D")).isTrue();
    }

    @Test
    void refusesWhatIsNotThatDigest() {
        WebhookSignature app = new WebhookSignature("my_app_secret");
        byte[] body = b("{\"object\":\"whatsapp_business_account\",\"entry\":[]}");
        String good = "sha256=1e948187320e1d8a8ab09e20b7172f8fe97e79394c0980b59b485e00288e389d";
        assertThat(app.verify(body, null)).isFalse();
        assertThat(app.verify(body, "")).isFalse();
        assertThat(app.verify(body, good.substring(7))).isFalse(); // no prefix
        assertThat(app.verify(body, "sha1=" + good.substring(7))).isFalse();
        assertThat(app.verify(body, good.substring(0, good.length() - 2))).isFalse();
        assertThat(app.verify(body, good.substring(0, good.length() - 1) + "e")).isFalse();
        assertThat(app.verify(body, "sha256=" + "zz".repeat(32))).isFalse();
        assertThat(app.verify(b("{\"object\": \"whatsapp_business_account\",\"entry\":[]}"), good)).isFalse();
        assertThat(new WebhookSignature("other").verify(body, good)).isFalse();
    }
}
