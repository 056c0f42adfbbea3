package dev.callbridge.asterisk;

import org.junit.jupiter.api.BeforeEach;

/** An {@link AriRigFixture} whose events stream is connected before each test. */
abstract class ConnectedAriRigFixture extends AriRigFixture {
    @BeforeEach
    void connect() {
        rig.connectEvents();
    }
}
