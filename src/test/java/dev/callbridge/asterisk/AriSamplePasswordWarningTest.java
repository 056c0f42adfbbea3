package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.callbridge.Gateway;
import dev.callbridge.it.GatewayFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The gateway started with deploy/asterisk's sample ARI password says so loudly, once, naming the
 * variable and what to do (a password is named only when it is a published sample); a long
 * random password starts quietly.
 */
class AriSamplePasswordWarningTest {
    @TempDir
    Path dir;

    private final Logger gatewayLog = (Logger) LoggerFactory.getLogger(Gateway.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        logged.start();
        gatewayLog.addAppender(logged);
    }

    @AfterEach
    void release() {
        gatewayLog.detachAppender(logged);
    }

    private List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private GatewayFixture gatewayWithAriPassword(String password) {
        // Nothing listens on port 9: the front door keeps retrying, which is all the start-up needs.
        return new GatewayFixture(dir, "ARI_URL", "http://127.0.0.1:9", "ARI_USERNAME", "callbridge", "ARI_PASSWORD", password);
    }

    @Test
    void theShippedSamplePasswordIsWarnedAboutAtStartUp() {
        try (GatewayFixture gw = gatewayWithAriPassword("change-me")) {
            assertThat(warnings()).singleElement().asString()
                    .startsWith("!!! ARI_PASSWORD is not safe to use: it is a sample password ('change-me').")
                    .contains("http://127.0.0.1:9", "openssl rand -hex 24", "ari.conf");
        }
    }

    @Test
    void aLongRandomPasswordStartsQuietly() {
        try (GatewayFixture gw = gatewayWithAriPassword("9d0f1c5e7a2b4c6d8e0f1a2b3c4d5e6f")) {
            assertThat(warnings()).noneMatch(w -> w.contains("ARI_PASSWORD"));
        }
    }
}
