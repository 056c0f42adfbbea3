package dev.callbridge.rtp;

import java.util.random.RandomGenerator;

/** A "random" source that returns chosen starting values, to put a pacer right before a wrap. */
final class FixedRandom implements RandomGenerator {
    private final int sequence;
    private final long timestamp;
    private final long ssrc;
    private int longs;

    FixedRandom(int sequence, long timestamp, long ssrc) {
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.ssrc = ssrc;
    }

    @Override
    public int nextInt(int bound) {
        return sequence;
    }

    @Override
    public long nextLong(long bound) {
        return longs++ == 0 ? timestamp : ssrc; // the pacer draws the timestamp base first, then the SSRC
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("the pacer draws bounded values only");
    }
}
