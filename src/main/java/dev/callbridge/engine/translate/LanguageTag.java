package dev.callbridge.engine.translate;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.EngineFailure.Kind;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A language as the {@link Translator} seam takes it: an ISO 639-1 code, optionally with a region or
 * script ({@code en}, {@code en-GB}, {@code pt_BR}, {@code zh-Hans}). Checked before anything is sent,
 * so a stray value can never reach a vendor's query string.
 *
 * @param language lower case, e.g. {@code en}
 * @param region   upper case, e.g. {@code GB} or {@code HANS}, or null
 */
public record LanguageTag(String language, String region) {
    private static final Pattern TAG = Pattern.compile("([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,4}))?");

    /** @throws EngineFailure {@code REJECTED} for anything that is not such a code */
    public static LanguageTag parse(String tag, String api) {
        Matcher m = tag == null ? null : TAG.matcher(tag.strip());
        if (m == null || !m.matches()) {
            throw EngineFailure.of(Engine.TRANSLATE, Kind.REJECTED, api + ": '" + tag + "' is not an ISO 639-1 language code like en or pt-BR");
        }
        return new LanguageTag(m.group(1).toLowerCase(Locale.ROOT), m.group(2) == null ? null : m.group(2).toUpperCase(Locale.ROOT));
    }
}
