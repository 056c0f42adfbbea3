package dev.callbridge.audio;

/** How loud a frame is: the mean absolute sample value, in 16-bit linear units (0 … 32768). Pure code. */
public final class FrameLevel {
    private FrameLevel() {}

    public static int meanAbs(AudioChunk chunk) {
        byte[] d = chunk.data();
        if (d.length == 0) return 0;
        long sum = 0;
        int n;
        switch (chunk.format().encoding()) {
            case PCMU -> {
                for (byte b : d) sum += Math.abs(G711.ulawToLinear(b));
                n = d.length;
            }
            case PCMA -> {
                for (byte b : d) sum += Math.abs(G711.alawToLinear(b));
                n = d.length;
            }
            case L16 -> {
                n = d.length / 2;
                for (int i = 0; i + 1 < d.length; i += 2) sum += Math.abs((short) ((d[i] & 0xFF) | (d[i + 1] << 8)));
            }
            default -> throw new IllegalArgumentException("unknown encoding " + chunk.format().encoding());
        }
        return n == 0 ? 0 : (int) (sum / n);
    }
}
