package dev.kgraph.gateway.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which webhook URLs may be called, so a run's creator cannot make the gateway reach internal services (SSRF).
 * Checked twice: {@link #violation(URI)} at run creation (no DNS lookup: it must not block the request thread) and
 * {@link #violationAtDelivery(URI)} before every attempt, which also resolves the host and refuses it when any of
 * its addresses is denied.
 *
 * <p>Denied by default: loopback ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}), the unspecified address,
 * private ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, {@code fc00::/7}), carrier-grade NAT
 * ({@code 100.64/10}), link-local ({@code 169.254/16} with cloud metadata endpoints, {@code fe80::/10}) and multicast.
 * Hosts on the allow-list skip these address checks. Limit: the HTTP client resolves the host again when it
 * connects, so a DNS answer that changes between the check and the connection (DNS rebinding) is not caught.
 */
public final class WebhookUrlPolicy {
    private final WebhookSettings settings;

    public WebhookUrlPolicy(WebhookSettings settings) {
        this.settings = settings;
    }

    /**
     * The reason the URL is refused, for a 422 at run creation; empty when it is acceptable. Host names are not
     * resolved here (see {@link #violationAtDelivery(URI)}).
     */
    public Optional<String> violation(URI url) {
        var shape = shapeViolation(url);
        if (shape.isPresent() || isAllowListed(url.getHost())) {
            return shape;
        }
        String host = bare(url.getHost());
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return settings.allowLoopback() ? Optional.empty() : Optional.of(denied(url.getHost(), "loopback"));
        }
        return literalAddress(host).flatMap(address -> addressViolation(url.getHost(), address));
    }

    /** {@link #violation(URI)}, then every address the host resolves to must be allowed too. */
    public Optional<String> violationAtDelivery(URI url) {
        var static_ = violation(url);
        if (static_.isPresent() || isAllowListed(url.getHost())) {
            return static_;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(bare(url.getHost()))) {
                var refused = addressViolation(url.getHost(), address);
                if (refused.isPresent()) {
                    return refused;
                }
            }
            return Optional.empty();
        } catch (UnknownHostException unknown) {
            return Optional.empty(); // not a policy matter: the attempt fails as a network error and is retried
        }
    }

    private Optional<String> shapeViolation(URI url) {
        String text = url.toString();
        if (text.length() > settings.maxUrlLength()) {
            return Optional.of("webhook URL is longer than " + settings.maxUrlLength() + " characters");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("webhook URL must be an absolute http or https URL");
        }
        if (settings.requireHttps() && !scheme.equals("https")) {
            return Optional.of("webhook URL must use https");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            return Optional.of("webhook URL must name a host");
        }
        int port = url.getPort() != -1 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        if (!settings.allowedPorts().isEmpty() && !settings.allowedPorts().contains(port)) {
            return Optional.of("webhook URL port " + port + " is not allowed (allowed: " + settings.allowedPorts()
                    + ")");
        }
        return Optional.empty();
    }

    private boolean isAllowListed(String rawHost) {
        String host = bare(rawHost);
        List<String> allowed = settings.allowedHosts();
        for (String entry : allowed) {
            String pattern = entry.trim().toLowerCase(Locale.ROOT);
            if (pattern.startsWith("*.")) {
                String domain = pattern.substring(2);
                if (host.equals(domain) || host.endsWith("." + domain)) {
                    return true;
                }
            } else if (host.equals(bare(pattern))) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> addressViolation(String host, InetAddress address) {
        if (address instanceof Inet6Address v6 && isIpv4Mapped(v6)) {
            address = toIpv4(v6);
        }
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return settings.allowLoopback() ? Optional.empty() : Optional.of(denied(host, "loopback"));
        }
        if (address.isMulticastAddress()) {
            return Optional.of(denied(host, "multicast"));
        }
        if (address.isLinkLocalAddress()) {
            return settings.allowPrivate() ? Optional.empty() : Optional.of(denied(host, "link-local"));
        }
        if (address.isSiteLocalAddress() || isUniqueLocal(address) || isCarrierGradeNat(address)) {
            return settings.allowPrivate() ? Optional.empty() : Optional.of(denied(host, "private"));
        }
        return Optional.empty();
    }

    private static String denied(String host, String kind) {
        return "webhook host " + host + " is a " + kind + " address, which is not allowed";
    }

    /** Lower case, without the brackets of an IPv6 literal and without a trailing dot. */
    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** The address when {@code host} is an IP literal; never a DNS lookup. */
    private static Optional<InetAddress> literalAddress(String host) {
        boolean ipv4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = host.contains(":") && host.matches("[0-9a-f:.%a-z]+");
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host)); // a literal: parsed, not resolved
        } catch (UnknownHostException malformed) {
            return Optional.empty();
        }
    }

    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static boolean isCarrierGradeNat(InetAddress address) {
        byte[] b = address.getAddress();
        return address instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    private static boolean isIpv4Mapped(Inet6Address address) {
        byte[] b = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static InetAddress toIpv4(Inet6Address mapped) {
        byte[] b = mapped.getAddress();
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
