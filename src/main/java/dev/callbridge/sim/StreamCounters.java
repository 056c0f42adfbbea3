package dev.callbridge.sim;

/**
 * What happened on one simulated stream so far, from Twilio's side.
 *
 * @param framesSent     media messages sent to the server
 * @param framesReceived media messages received from the server
 * @param bytesReceived  μ-law bytes in those (8 bytes = 1 ms)
 * @param marksReceived  marks the server sent
 * @param marksReturned  marks returned to the server after playback passed them (or a clear)
 * @param clears         clear messages received
 * @param dtmfSent       dtmf messages sent
 * @param unexpected     server messages that were not media/mark/clear or did not parse
 * @param queuedMillis   audio received but not yet played
 */
public record StreamCounters(long framesSent, long framesReceived, long bytesReceived, long marksReceived,
                             long marksReturned, long clears, int dtmfSent, long unexpected, long queuedMillis) {

    /** One line for the live stderr display. */
    public String progressLine(long elapsedMillis) {
        return String.format("%5.1f s  sent %d  received %d  marks %d/%d  clears %d  dtmf %d  queued %d ms",
                elapsedMillis / 1000.0, framesSent, framesReceived, marksReturned, marksReceived, clears, dtmfSent, queuedMillis);
    }
}
