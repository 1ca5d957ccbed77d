package dev.kgraph.gateway.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Webhook-Signature} scheme: {@code v1=} followed by the lower-case hex HMAC-SHA256, keyed with the
 * signing secret, of {@code <X-Webhook-Timestamp> + "." + <raw body bytes>}. Receivers recompute it over the exact
 * bytes they received, compare in constant time, and reject timestamps too far from their clock (replays). The
 * {@code v1} prefix leaves room for a second scheme or key during a rotation.
 */
public final class WebhookSignature {
    static final String VERSION = "v1";

    private WebhookSignature() {
    }

    public static String sign(String secret, long timestampSeconds, byte[] body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", unavailable);
        }
    }
}
