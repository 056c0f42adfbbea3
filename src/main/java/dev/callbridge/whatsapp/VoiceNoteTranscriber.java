package dev.callbridge.whatsapp;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Transcoder;
import dev.callbridge.audio.Wav;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.Transcript;
import dev.callbridge.engine.stt.TranscriptionsClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Arrays;
import java.util.Locale;

/**
 * A voice note through the pipeline's STT engine. WAV (PCM or G.711) is decoded here and fed as one
 * utterance of 16 kHz PCM in 20 ms frames (the shape every engine takes). Anything else (WhatsApp's
 * own voice notes are Ogg/Opus) goes as the file it is to an OpenAI-compatible transcriptions
 * server ({@code STT=openai}), which decodes it; the in-process and streaming engines would need an
 * Opus decoder this build does not have, so for them it is refused with {@link Unsupported} and
 * the customer is asked to write instead.
 */
public final class VoiceNoteTranscriber {
    private static final AudioFormat FEED = AudioFormat.L16_16K;

    /** The note's format cannot be decoded here. */
    public static final class Unsupported extends RuntimeException {
        public Unsupported(String message) {
            super(message);
        }
    }

    private final SpeechToText stt;

    public VoiceNoteTranscriber(SpeechToText stt) {
        this.stt = stt;
    }

    /** The note's text (empty when nothing was said); fails with {@link Unsupported} or the engine's failure. */
    public Future<String> transcribe(Context context, byte[] bytes, String mimeType) {
        if (!isWav(bytes) && stt instanceof TranscriptionsClient server) {
            String type = mimeType == null ? "application/octet-stream" : mimeType.strip();
            Promise<String> done = Promise.promise();
            context.runOnContext(v -> server.transcribeFile(bytes, "voice" + extension(type), type, null)
                    .map(Transcript::text).onComplete(done));
            return done.future();
        }
        AudioChunk audio;
        try {
            audio = decode(bytes, mimeType);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new Unsupported(e.getMessage()));
        }
        Promise<String> done = Promise.promise();
        context.runOnContext(v -> {
            SpeechToText.Session session = stt.open(FEED, null, new SpeechToText.Listener() {
                @Override
                public void onFinal(Transcript transcript) {
                    done.tryComplete(transcript.text());
                }

                @Override
                public void onFailure(EngineFailure failure) {
                    done.tryFail(failure);
                }
            });
            byte[] pcm = audio.data();
            int frame = FEED.bytesFor(20);
            for (int at = 0; at < pcm.length; at += frame) {
                session.audio(new AudioChunk(FEED, Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + frame))));
            }
            session.endOfUtterance();
        });
        return done.future();
    }

    private static boolean isWav(byte[] bytes) {
        return bytes.length >= 12 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F';
    }

    /** The extension transcription servers go by (they pick the decoder from the file name). */
    static String extension(String mimeType) {
        String base = mimeType.toLowerCase(Locale.ROOT).split(";")[0].strip();
        return switch (base) {
            case "audio/ogg", "audio/opus" -> ".ogg";
            case "audio/mpeg", "audio/mp3" -> ".mp3";
            case "audio/mp4", "audio/m4a", "audio/x-m4a", "audio/aac" -> ".m4a";
            case "audio/amr" -> ".amr";
            case "audio/webm" -> ".webm";
            default -> ".ogg";
        };
    }

    /** WAV of any encoding and rate the transcoder knows, as 16 kHz PCM. */
    static AudioChunk decode(byte[] bytes, String mimeType) {
        String mime = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT);
        if (!isWav(bytes)) {
            throw new IllegalArgumentException("voice notes in " + (mime.isEmpty() ? "this format" : mime)
                    + " cannot be decoded for this STT engine (only WAV; STT=openai takes any)");
        }
        AudioChunk wav = Wav.parse(bytes);
        AudioChunk pcm = new Transcoder(wav.format(), FEED).convert(wav);
        if (pcm.data().length % 2 != 0) return new AudioChunk(FEED, Arrays.copyOf(pcm.data(), pcm.data().length - 1));
        return pcm;
    }
}
