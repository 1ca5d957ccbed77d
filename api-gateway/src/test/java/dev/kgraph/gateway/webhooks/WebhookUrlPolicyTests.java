package dev.kgraph.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebhookUrlPolicyTests {

    private static WebhookSettings settings(boolean loopback, boolean privateAddresses, List<String> hosts,
                                            boolean https, List<Integer> ports, int maxLength) {
        return new WebhookSettings(true, "g", loopback, privateAddresses, hosts, https, ports, maxLength,
                Duration.ofSeconds(5), Duration.ofSeconds(30), null, 12, Duration.ofSeconds(1), 4.0,
                Duration.ofHours(6), 1, false);
    }

    private static final WebhookUrlPolicy DEFAULTS = new WebhookUrlPolicy(WebhookSettings.defaults());

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/hook", "http://127.1.2.3:8080/hook", "http://localhost/hook",
            "http://api.localhost/hook", "http://[::1]/hook", "http://0.0.0.0/hook", "http://[::ffff:127.0.0.1]/x"})
    void loopbackIsRefusedByDefault(String url) {
        assertThat(DEFAULTS.violation(URI.create(url))).hasValueSatisfying(reason ->
                assertThat(reason).contains("loopback"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.8/hook", "http://172.16.4.1/hook", "http://192.168.1.10/hook",
            "http://100.64.0.1/hook", "http://[fd00::1]/hook"})
    void privateAddressesAreRefusedByDefault(String url) {
        assertThat(DEFAULTS.violation(URI.create(url))).hasValueSatisfying(reason ->
                assertThat(reason).contains("private"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data", "http://[fe80::1]/hook"})
    void linkLocalAddressesSuchAsCloudMetadataAreRefusedByDefault(String url) {
        assertThat(DEFAULTS.violation(URI.create(url))).hasValueSatisfying(reason ->
                assertThat(reason).contains("link-local"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/hook", "http://93.184.216.34:8080/hook", "https://[2606:4700::1]/x"})
    void publicUrlsAreAccepted(String url) {
        assertThat(DEFAULTS.violation(URI.create(url))).isEmpty();
    }

    @Test
    void loopbackCanBeAllowedExplicitlyButPrivateStaysRefused() {
        var policy = new WebhookUrlPolicy(settings(true, false, List.of(), false, List.of(), 65_536));

        assertThat(policy.violation(URI.create("http://127.0.0.1:9000/hook"))).isEmpty();
        assertThat(policy.violation(URI.create("http://localhost/hook"))).isEmpty();
        assertThat(policy.violation(URI.create("http://10.1.2.3/hook"))).isPresent();
    }

    @Test
    void privateAddressesCanBeAllowed() {
        var policy = new WebhookUrlPolicy(settings(false, true, List.of(), false, List.of(), 65_536));

        assertThat(policy.violation(URI.create("http://10.1.2.3/hook"))).isEmpty();
        assertThat(policy.violation(URI.create("http://127.0.0.1/hook"))).isPresent();
    }

    @Test
    void allowListedHostsSkipTheAddressChecks() {
        var policy = new WebhookUrlPolicy(settings(false, false, List.of("10.0.0.7", "*.corp"), false, List.of(),
                65_536));

        assertThat(policy.violation(URI.create("http://10.0.0.7/hook"))).isEmpty();
        assertThat(policy.violationAtDelivery(URI.create("http://10.0.0.7/hook"))).isEmpty();
        assertThat(policy.violation(URI.create("http://10.0.0.8/hook"))).isPresent();
        assertThat(policy.violationAtDelivery(URI.create("http://hooks.corp/x"))).isEmpty();
    }

    @Test
    void httpsCanBeRequired() {
        var policy = new WebhookUrlPolicy(settings(false, false, List.of(), true, List.of(), 65_536));

        assertThat(policy.violation(URI.create("http://example.com/hook"))).hasValue("webhook URL must use https");
        assertThat(policy.violation(URI.create("https://example.com/hook"))).isEmpty();
    }

    @Test
    void portsCanBeRestrictedCountingTheSchemeDefault() {
        var policy = new WebhookUrlPolicy(settings(false, false, List.of(), false, List.of(443, 8443), 65_536));

        assertThat(policy.violation(URI.create("https://example.com/hook"))).isEmpty();
        assertThat(policy.violation(URI.create("https://example.com:8443/hook"))).isEmpty();
        assertThat(policy.violation(URI.create("http://example.com/hook"))).hasValueSatisfying(reason ->
                assertThat(reason).contains("port 80"));
    }

    @Test
    void tooLongAndNonHttpUrlsAreRefused() {
        var policy = new WebhookUrlPolicy(settings(false, false, List.of(), false, List.of(), 30));

        assertThat(policy.violation(URI.create("https://example.com/" + "a".repeat(20)))).isPresent();
        assertThat(policy.violation(URI.create("ftp://example.com/x"))).isPresent();
        assertThat(policy.violation(URI.create("/relative"))).isPresent();
    }

    @Test
    void atDeliveryTheResolvedAddressesAreCheckedToo() {
        assertThat(DEFAULTS.violationAtDelivery(URI.create("http://localhost./hook"))).isPresent();
        assertThat(DEFAULTS.violationAtDelivery(URI.create("http://127.0.0.1/hook"))).isPresent();
    }
}
