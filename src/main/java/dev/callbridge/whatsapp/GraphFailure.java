package dev.callbridge.whatsapp;

/**
 * The Graph API refused a request, or could not be reached.
 *
 * @param httpStatus the answer's status; 0 when there was no answer
 * @param code       Meta's {@code error.code} (131047 outside the 24 h window, 131030 not on the allowed list,
 *                   190 bad token, 130429 rate limited…), or null when the answer had none
 */
public final class GraphFailure extends RuntimeException {
    private final int httpStatus;
    private final Integer code;

    public GraphFailure(int httpStatus, Integer code, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Integer code() {
        return code;
    }

    /** Only a server error or a rate limit is worth another try; anything else fails the same way again. */
    public boolean retryable() {
        return httpStatus >= 500 || httpStatus == 429 || (code != null && (code == 130429 || code == 131056 || code == 80007));
    }
}
