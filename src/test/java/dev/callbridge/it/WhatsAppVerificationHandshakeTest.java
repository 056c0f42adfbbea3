package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Meta saves the callback URL only after the GET handshake echoes its challenge for the right verify token. */
class WhatsAppVerificationHandshakeTest {
    @TempDir
    Path dir;

    @Test
    void theRightTokenGetsTheChallengeBackAndAWrongOneIs403() {
        try (WhatsAppRig rig = new WhatsAppRig(dir, 1, false)) {
            MetaWebhookSender.Answer ok = rig.meta.handshake("subscribe", WhatsAppRig.VERIFY_TOKEN, "1158201444");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("1158201444");

            MetaWebhookSender.Answer wrong = rig.meta.handshake("subscribe", "not-the-token", "1158201444");
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(wrong.body()).doesNotContain("1158201444");

            assertThat(rig.meta.handshake("unsubscribe", WhatsAppRig.VERIFY_TOKEN, "42").status()).isEqualTo(403);
            // A prefix of the token is not the token.
            assertThat(rig.meta.handshake("subscribe", WhatsAppRig.VERIFY_TOKEN.substring(0, 5), "42").status()).isEqualTo(403);
        }
    }
}
