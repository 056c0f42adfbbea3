package dev.callbridge.asterisk;

import java.util.random.RandomGenerator;

/** A "random" source that always picks the top of the range, so backoff delays are exactly the ceilings. */
final class CeilingRandom implements RandomGenerator {
    @Override
    public long nextLong() {
        return 0;
    }

    @Override
    public long nextLong(long bound) {
        return bound - 1;
    }
}
