package dev.callbridge.asterisk;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One Vert.x for the class, and a fresh {@link AriRig} (fake ARI, client, stream) per test. */
abstract class AriRigFixture {
    static Vertx vertx;
    AriRig rig;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() {
        vertx.close().await();
    }

    @BeforeEach
    void start() {
        rig = AriRig.start(vertx);
    }

    @AfterEach
    void stop() {
        rig.close();
    }
}
