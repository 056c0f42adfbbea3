package dev.callbridge.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * In-band DTMF: the dual tones of ITU-T Q.23, for front doors that can only send audio
 * (Twilio Media Streams has no DTMF message towards the caller).
 */
public final class DtmfTones {
    static final int TONE_MS = 100;
    static final int GAP_MS = 60;
    private static final String KEYS = "123A456B789C*0#D";
    private static final int[] ROWS = {697, 770, 852, 941};
    private static final int[] COLUMNS = {1209, 1336, 1477, 1633};
    /** Each tone at about −7 dBFS, so the pair cannot clip. */
    private static final double AMPLITUDE = 0.35 * 32767;

    private DtmfTones() {}

    public static boolean isDtmf(char c) {
        return KEYS.indexOf(Character.toUpperCase(c)) >= 0;
    }

    /** The digits as 20 ms μ-law frames at 8 kHz: each tone 100 ms, then 60 ms of silence. */
    public static List<byte[]> ulawFrames(String digits) {
        List<byte[]> frames = new ArrayList<>();
        for (char c : digits.toCharArray()) {
            int key = KEYS.indexOf(Character.toUpperCase(c));
            if (key < 0) throw new IllegalArgumentException("'" + c + "' is not a DTMF digit (0-9, *, #, A-D)");
            short[] pcm = tone(ROWS[key / 4], COLUMNS[key % 4], 8000 * TONE_MS / 1000, 8000 * GAP_MS / 1000);
            for (int off = 0; off < pcm.length; off += 160) {
                byte[] frame = new byte[160];
                for (int i = 0; i < 160; i++) frame[i] = G711.linearToUlaw(pcm[off + i]);
                frames.add(frame);
            }
        }
        return frames;
    }

    private static short[] tone(int low, int high, int toneSamples, int gapSamples) {
        int total = toneSamples + gapSamples;
        short[] pcm = new short[(total + 159) / 160 * 160];
        for (int n = 0; n < toneSamples; n++) {
            double t = n / 8000.0;
            pcm[n] = (short) Math.round(AMPLITUDE * (Math.sin(2 * Math.PI * low * t) + Math.sin(2 * Math.PI * high * t)));
        }
        return pcm;
    }
}
