package dev.callbridge.asterisk;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.DtmfTones;
import dev.callbridge.audio.Transcoder;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.call.LegListener;
import dev.callbridge.call.PlayoutTap;
import dev.callbridge.rtp.RtpSession;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The caller on an Asterisk call: their channel, bridged in Asterisk to an External Media
 * channel whose audio we exchange as RTP. Audio goes through the {@link RtpSession}; call
 * control (hang-up, DTMF) through ARI, by the {@link AsteriskCallSetup} that built it.
 *
 * <p>"Heard" is the audio in packets actually sent: a tag comes back once the last packet of
 * its chunk has left on the 20 ms clock. {@code clear()} drops the send queue, and the tags of
 * what it dropped never come back. Everything runs on the call's context.
 */
final class AsteriskLeg implements Leg {
    private final AsteriskChannels channels;
    private final RtpSession rtp;
    private final String transferContext;
    private final Consumer<AsteriskLeg> onGone;
    /** Listener events that came before {@link #listen}: held, never dropped. */
    private final ArrayDeque<Consumer<LegListener>> held = new ArrayDeque<>();
    private LegListener listener;
    private boolean ended;
    /** Set once the caller has been sent on to another number: their leaving is then a transfer. */
    private EndReason transferredTo;

    /** @param transferContext the dialplan context that dials a transfer's destination ({@code ARI_TRANSFER_CONTEXT}) */
    AsteriskLeg(AsteriskChannels channels, RtpSession rtp, String transferContext, Consumer<AsteriskLeg> onGone) {
        this.channels = channels;
        this.rtp = rtp;
        this.transferContext = transferContext;
        this.onGone = onGone;
        rtp.listen(new RtpSession.Listener() {
            @Override
            public void onAudio(byte[] frame) {
                AudioChunk chunk = new AudioChunk(format(), frame);
                deliver(l -> l.onAudio(chunk));
            }

            @Override
            public void onDtmf(char digit) {
                // Asterisk reports the caller's keys on ARI (ChannelDtmfReceived); RFC 4733 on the media
                // channel would report them twice, so it is only counted.
            }
        });
    }

    AsteriskChannels channels() {
        return channels;
    }

    @Override
    public AudioFormat format() {
        return rtp.format().audioFormat();
    }

    @Override
    public void play(AudioChunk chunk, Object tag) {
        if (!chunk.format().equals(format())) {
            throw new IllegalArgumentException("this Asterisk leg plays " + format() + ", not " + chunk.format());
        }
        if (ended) return;
        rtp.play(chunk.data(), tag == null ? null : () -> deliver(l -> l.onHeard(tag)));
    }

    @Override
    public void clear() {
        if (!ended) rtp.clear();
    }

    /** Exact for RTP: each packet's audio is reported as it is sent, at its slot on the 20 ms clock. */
    @Override
    public void tapPlayout(PlayoutTap tap) {
        rtp.tapSent(tap == null ? null : tap::played);
    }

    @Override
    public void sendDtmf(String digits) {
        // In-band, as on Twilio: the tones go into the audio the caller hears.
        Transcoder toLeg = format().equals(AudioFormat.PCMU_8K) ? null : new Transcoder(AudioFormat.PCMU_8K, format());
        for (byte[] ulaw : DtmfTones.ulawFrames(digits)) {
            play(new AudioChunk(format(), toLeg == null ? ulaw : toLeg.convert(ulaw)), null);
        }
    }

    /**
     * The caller leaves our application for the dialplan's {@code transferContext}, whose extension
     * {@code destination} dials on (deploy/asterisk/extensions.conf). Their StasisEnd then ends
     * this leg as transferred, and what we created goes; the caller's channel stays up.
     */
    @Override
    public Future<Void> transfer(String destination) {
        if (ended) return Future.failedFuture("the call has ended");
        return channels.transfer(transferContext, destination).onSuccess(v -> transferredTo = EndReason.of("transferred", destination));
    }

    @Override
    public void hangup(EndReason reason) {
        if (ended) return;
        channels.hangUp();
        ended(reason);
    }

    /** The caller left our application (StasisEnd): hung up, or sent on by {@link #transfer}. */
    void callerLeft() {
        channels.callerGone();
        remoteEnded(transferredTo != null ? transferredTo : EndReason.CALLER_HANGUP);
    }

    /** Asterisk said the caller is gone, or the media channel is. */
    void remoteEnded(EndReason reason) {
        if (ended) return;
        channels.hangUp(); // whatever of ours is left: the media channel and the bridge
        ended(reason);
    }

    void dtmf(char digit) {
        if (!ended) deliver(l -> l.onDtmf(digit));
    }

    private void ended(EndReason reason) {
        ended = true;
        rtp.close();
        onGone.accept(this);
        deliver(l -> l.onEnded(reason));
    }

    @Override
    public void listen(LegListener l) {
        listener = l;
        for (Consumer<LegListener> e; (e = held.poll()) != null; ) e.accept(l);
    }

    private void deliver(Consumer<LegListener> event) {
        if (listener != null && held.isEmpty()) event.accept(listener);
        else held.add(event);
    }
}
