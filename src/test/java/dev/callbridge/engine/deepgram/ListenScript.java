package dev.callbridge.engine.deepgram;

import java.util.ArrayList;
import java.util.List;

/**
 * How one {@link FakeListenStream} behaves: what the caller "said", and which of the ways a real
 * Deepgram stream may end or break it takes. Every knob has the default a healthy stream would
 * show; the optional fields and the splitting of interim results vary at random regardless.
 */
final class ListenScript {
    /** How a {@code Finalize} is answered (docs §4: {@code from_finalize} "is not guaranteed"). */
    enum FinalizeMark { RANDOM, ALWAYS, NEVER }

    /** The final results the audio holds, in order; interims grow through each one word by word. */
    final List<String> phrases = new ArrayList<>();
    /** Audio between two results: Deepgram answers a few times a second. */
    int tickMillis = 120;
    FinalizeMark finalizeMark = FinalizeMark.RANDOM;
    /** After {@code CloseStream}: the Metadata message before the close (false: close at once). */
    boolean metadataBeforeClose = true;
    /** How long the flush takes after {@code Finalize}/{@code CloseStream}: finals that come late. */
    long flushDelayMillis;
    /** Never answer {@code Finalize} or {@code CloseStream}, and keep the socket open. */
    boolean ignoreEnd;
    /** After this many audio bytes, close with {@link #closeCode} and {@link #closeReason} (0: never). */
    int closeAfterBytes;
    short closeCode;
    String closeReason;
    /** After this many audio bytes, cut the TCP connection without a close frame (0: never). */
    int dropAfterBytes;
    /** Deepgram's NET-0001: close when neither audio nor text came for this long. */
    long idleTimeoutMillis = 10_000;
    /** Language tags in results, as {@code language=multi} streams carry them; null: none. */
    String detectedLanguage;
    /** Send a message of a type this client does not know between results, as a newer API may. */
    boolean unknownMessages;
    /** Read nothing from the socket once it is open: a server that stopped taking audio. */
    boolean stopReading;

    ListenScript says(String... phrases) {
        this.phrases.addAll(List.of(phrases));
        return this;
    }

    ListenScript tick(int millis) {
        tickMillis = millis;
        return this;
    }

    ListenScript finalizeMark(FinalizeMark mark) {
        finalizeMark = mark;
        return this;
    }

    ListenScript noMetadata() {
        metadataBeforeClose = false;
        return this;
    }

    ListenScript flushAfter(long millis) {
        flushDelayMillis = millis;
        return this;
    }

    ListenScript ignoreEnd() {
        ignoreEnd = true;
        return this;
    }

    ListenScript closeAfter(int bytes, int code, String reason) {
        closeAfterBytes = bytes;
        closeCode = (short) code;
        closeReason = reason;
        return this;
    }

    ListenScript dropAfter(int bytes) {
        dropAfterBytes = bytes;
        return this;
    }

    ListenScript idleTimeout(long millis) {
        idleTimeoutMillis = millis;
        return this;
    }

    ListenScript detects(String language) {
        detectedLanguage = language;
        return this;
    }

    ListenScript stopReading() {
        stopReading = true;
        return this;
    }

    ListenScript withUnknownMessages() {
        unknownMessages = true;
        return this;
    }
}
