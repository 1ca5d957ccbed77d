package dev.kgraph.gateway.access;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * CORS settings ({@code kgraph.cors.*}), named after LangGraph Platform's {@code http.cors} ({@code allow_origins},
 * {@code allow_methods}, {@code allow_headers}, {@code allow_credentials}, {@code expose_headers}, {@code max_age}).
 * The defaults let a page on any origin call the API, as LangGraph Platform's {@code CORS_ALLOW_ORIGINS=*} does.
 *
 * @param enabled          false leaves CORS out entirely (browsers then block cross-origin calls)
 * @param allowOrigins     origins allowed to call; {@code *} for all. Entries may be Spring origin patterns, e.g.
 *                         {@code https://*.example.com} or {@code http://localhost:[*]}
 * @param allowMethods     methods allowed in preflights; {@code *} allows the requested one
 * @param allowHeaders     request headers allowed in preflights; {@code *} allows the requested ones
 * @param allowCredentials whether browsers may send cookies or HTTP authentication; with {@code *} origins the
 *                         requesting origin is then echoed instead of {@code *}
 * @param exposeHeaders    response headers a page may read: by default the run's {@code Content-Location} and
 *                         {@code Location} (which the SDK reads) and the thread search's pagination headers
 * @param maxAge           how long a browser may cache a preflight answer
 */
@ConfigurationProperties("kgraph.cors")
public record CorsSettings(@DefaultValue("true") boolean enabled,
                           @DefaultValue("*") List<String> allowOrigins,
                           @DefaultValue("*") List<String> allowMethods,
                           @DefaultValue("*") List<String> allowHeaders,
                           @DefaultValue("false") boolean allowCredentials,
                           @DefaultValue({"Content-Location", "Location", "X-Pagination-Total", "X-Pagination-Next"})
                           List<String> exposeHeaders,
                           @DefaultValue("600s") Duration maxAge) {
}
