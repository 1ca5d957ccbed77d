package dev.kgraph.gateway.api;

import static dev.kgraph.gateway.api.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class RunCreationChecksTests {

    private static RunCreateRequest parse(String body) {
        return RunRequestParser.parse(json(body));
    }

    @Test
    void resumingWithoutAThreadIs400() {
        RunCreateRequest resume = parse("{'assistant_id':'hitl','command':{'resume':'x'}}");

        assertThatThrownBy(() -> RunCreationChecks.check(resume, false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST))
                .hasMessage("You must provide a thread_id when resuming.");
        assertThatCode(() -> RunCreationChecks.check(resume, true)).doesNotThrowAnyException();
    }

    @Test
    void statelessCommandsWithoutResumeAreFine() {
        assertThatCode(() -> RunCreationChecks.check(parse("{'assistant_id':'c','command':{'goto':'b'}}"), false))
                .doesNotThrowAnyException();
        assertThatCode(() -> RunCreationChecks.check(parse("{'assistant_id':'c','command':{'resume':null}}"), false))
                .doesNotThrowAnyException();
    }

    @Test
    void nonEmptyConfigurableTogetherWithNonEmptyContextIs400() {
        RunCreateRequest both = parse("{'assistant_id':'c','config':{'configurable':{'a':1}},'context':{'b':2}}");

        assertThatThrownBy(() -> RunCreationChecks.check(both, true))
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith("Cannot specify both configurable and context.");
    }

    @Test
    void eitherAloneOrEmptyOnesAreFine() {
        assertThatCode(() -> RunCreationChecks.check(
                parse("{'assistant_id':'c','config':{'configurable':{}},'context':{'b':2}}"), true))
                .doesNotThrowAnyException();
        assertThatCode(() -> RunCreationChecks.check(
                parse("{'assistant_id':'c','config':{'configurable':{'a':1}},'context':{}}"), false))
                .doesNotThrowAnyException();
    }
}
