package dev.callbridge.asterisk;

/**
 * An ARI REST call failed. {@code status} is the HTTP status Asterisk answered with (404
 * channel not found, 409 not in Stasis, 401 bad credentials, …) and the message is Asterisk's
 * own {@code {"message": …}} text; status 0 means Asterisk could not be reached at all, and
 * 502 that it answered 2xx with a body we could not read.
 */
public final class AriException extends RuntimeException {
    private final int status;

    public AriException(int status, String message) {
        this(status, message, null);
    }

    public AriException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    @Override
    public String toString() {
        return "AriException(" + status + "): " + getMessage();
    }
}
