package dev.callbridge.engine.translate;

import java.time.Duration;

/**
 * One utterance translated.
 *
 * @param text    the translation, stripped of surrounding white space
 * @param latency from the request going out to its whole answer read
 * @param engine  which engine translated it ({@code libretranslate}, {@code deepl}, {@code apertium}),
 *                for the call's record
 */
public record Translation(String text, Duration latency, String engine) {}
