package dev.callbridge.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The environment of a gateway that can interpret: STT and TTS engines that the tests never reach
 * (no call gets media), and Apertium at {@code translateUrl} (a fake apy, which the API asks for its pairs).
 */
public final class InterpreterEnv {
    private InterpreterEnv() {}

    public static String[] of(String translateUrl, String... extra) {
        List<String> env = new ArrayList<>(List.of(
                "STT", "openai", "STT_URL", "http://127.0.0.1:9/v1", "STT_MODEL", "whisper-1",
                "TTS", "openai", "TTS_URL", "http://127.0.0.1:9/v1", "TTS_MODEL", "kokoro",
                "TRANSLATE", "apertium", "TRANSLATE_URL", translateUrl));
        env.addAll(Arrays.asList(extra));
        return env.toArray(String[]::new);
    }
}
