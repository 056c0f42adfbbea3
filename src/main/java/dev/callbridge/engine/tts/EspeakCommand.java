package dev.callbridge.engine.tts;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The espeak-ng command line for one sentence: WAV on stdout ({@code --stdout}), the text read
 * whole from stdin ({@code --stdin}) as UTF-8 ({@code -b 1}), so the text is never an argument:
 * no quoting, nothing a shell or espeak-ng's option parser could read in it. Pure: nothing runs here.
 *
 * @param voice          the configured voice, or null to follow each sentence's language
 * @param wordsPerMinute {@code -s}
 */
record EspeakCommand(Path program, String voice, int wordsPerMinute) {
    /** A language tag as BCP 47 spells it ({@code es}, {@code es-MX}, {@code zh-Hant-TW}), in any case, or Java's {@code en_US}. */
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{1,8})*");
    /** espeak-ng's {@code en} is British (its priorities prefer en-gb); a caller who says only "English" more likely expects American. */
    static final String ENGLISH = "en-us";

    /**
     * The voice for a sentence: the configured one if any, else the language itself, which
     * espeak-ng resolves on its own ({@code es-MX} → its Latin American Spanish, {@code he-IL} →
     * {@code he}, {@code zh} → Mandarin); {@code en} and an unknown language (null) are American English.
     *
     * @throws IllegalArgumentException when the language is not a language tag: it would be a voice
     *                                  file path or an option to espeak-ng, so it never gets there
     */
    String voiceFor(String language) {
        if (voice != null) return voice;
        if (language == null || language.isBlank()) return ENGLISH;
        String tag = language.strip().replace('_', '-').toLowerCase(Locale.ROOT);
        if (!LANGUAGE.matcher(tag).matches()) throw new IllegalArgumentException("'" + language + "' is not a language tag");
        return tag.equals("en") ? ENGLISH : tag;
    }

    List<String> argv(String voiceName) {
        return List.of(program.toString(), "--stdout", "--stdin", "-b", "1", "-v", voiceName, "-s", Integer.toString(wordsPerMinute));
    }
}
