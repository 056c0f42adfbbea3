package dev.callbridge.call;

import dev.callbridge.audio.AudioChunk;

/** What a leg reports, always on the call's context. */
public interface LegListener {
    void onAudio(AudioChunk chunk);

    void onDtmf(char digit);

    void onHeard(Object tag);

    void onEnded(EndReason reason);
}
