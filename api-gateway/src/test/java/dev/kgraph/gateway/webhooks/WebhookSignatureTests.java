package dev.kgraph.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTests {
    private static final byte[] BODY = "{\"run_id\":\"r1\",\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void isTheVersionedHexHmacOfTimestampDotBodyAsAReceiverComputesIt() throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal(
                ("1700000000." + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));

        assertThat(WebhookSignature.sign("s3cret", 1_700_000_000L, BODY)).isEqualTo("v1=" + expected);
    }

    @Test
    void changesWithTheTimestampTheBodyAndTheSecret() {
        String base = WebhookSignature.sign("s3cret", 1_700_000_000L, BODY);

        assertThat(WebhookSignature.sign("s3cret", 1_700_000_001L, BODY)).isNotEqualTo(base);
        assertThat(WebhookSignature.sign("other", 1_700_000_000L, BODY)).isNotEqualTo(base);
        assertThat(WebhookSignature.sign("s3cret", 1_700_000_000L, "{}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(base);
    }
}
