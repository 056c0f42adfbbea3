package dev.callbridge.twilio;

/** Twilio's REST API refused a request, or could not be reached ({@code httpStatus} 0). */
public final class TwilioApiException extends RuntimeException {
    private final int httpStatus;
    private final Integer twilioCode;

    public TwilioApiException(int httpStatus, Integer twilioCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.twilioCode = twilioCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Integer twilioCode() {
        return twilioCode;
    }

    /** Twilio said no to what we asked (4xx other than auth/rate), as opposed to being down or misconfigured. */
    public boolean isRequestProblem() {
        return httpStatus >= 400 && httpStatus < 500 && httpStatus != 401 && httpStatus != 403 && httpStatus != 429;
    }
}
