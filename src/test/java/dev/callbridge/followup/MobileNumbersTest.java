package dev.callbridge.followup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which callers' numbers can have WhatsApp, by the numbering plan: mobiles, and numbers the plan cannot tell apart. */
class MobileNumbersTest {
    private final MobileNumbers numbers = new MobileNumbers();

    @Test
    void mobilesQualify() {
        assertThat(numbers.whyNotMobile("+4915112345678")).isEmpty(); // Germany, Telekom mobile
        assertThat(numbers.whyNotMobile("+447911123456")).isEmpty(); // UK
        assertThat(numbers.whyNotMobile("+34612345678")).isEmpty(); // Spain
    }

    @Test
    void northAmericanNumbersQualifyBecauseThePlanCannotTell() {
        assertThat(numbers.whyNotMobile("+12015550123")).isEmpty();
        assertThat(numbers.whyNotMobile("+14155550123")).isEmpty();
        assertThat(numbers.whyNotMobile("+18002345678")).hasValueSatisfying(why -> assertThat(why).contains("toll free"));
    }

    @Test
    void fixedLinesTollFreeAndPremiumDoNot() {
        assertThat(numbers.whyNotMobile("+493012345678")).hasValueSatisfying(why -> assertThat(why).contains("fixed line"));
        assertThat(numbers.whyNotMobile("+448001234567")).hasValueSatisfying(why -> assertThat(why).contains("toll free"));
        assertThat(numbers.whyNotMobile("+499001234567")).hasValueSatisfying(why -> assertThat(why).contains("premium rate"));
    }

    @Test
    void whatIsNotANumberWithItsCountryCodeDoesNot() {
        assertThat(numbers.whyNotMobile(null)).hasValue("the caller's number is unknown");
        assertThat(numbers.whyNotMobile("")).hasValue("the caller's number is unknown");
        assertThat(numbers.whyNotMobile("anonymous")).hasValueSatisfying(why -> assertThat(why).contains("not a phone number"));
        assertThat(numbers.whyNotMobile("015112345678")).hasValueSatisfying(why -> assertThat(why).contains("country code"));
        assertThat(numbers.whyNotMobile("1001")).isPresent(); // a SIP extension
        assertThat(numbers.whyNotMobile("+15551230000")).hasValueSatisfying(why -> assertThat(why).contains("not a valid number"));
        assertThat(numbers.whyNotMobile("+447700900123")).as("Ofcom's range for drama").hasValueSatisfying(why -> assertThat(why).contains("not a valid number"));
    }
}
