package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The passwords deploy/asterisk ships, and the obvious others, are not fit for ARI; a long random one is. */
class SamplePasswordsTest {
    @ParameterizedTest
    @ValueSource(strings = {"change-me", "Change-Me", " change-me ", "change-me-too", "changeme", "password", "secret", "asterisk"})
    void theShippedAndObviousOnesAreSamples(String password) {
        assertThat(SamplePasswords.weakness(password)).startsWith("it is a sample password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "hunter2", "Tr0ub4dor&3"})
    void shortOnesAreWeak(String password) {
        assertThat(SamplePasswords.weakness(password)).isEqualTo("it is shorter than 12 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3f9c2a7be41d0c88a51e6f2d", "correct horse battery staple"})
    void longRandomOnesPass(String password) {
        assertThat(SamplePasswords.weakness(password)).isNull();
    }
}
