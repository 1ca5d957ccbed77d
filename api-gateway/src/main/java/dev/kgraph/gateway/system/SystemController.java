package dev.kgraph.gateway.system;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.kgraph.gateway.api.ErrorBody;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /ok} and {@code /info}, as LangGraph Platform answers them. */
@Tag(name = "System")
@RestController
class SystemController {
    private final ObjectProvider<HealthEndpoint> health;

    SystemController(ObjectProvider<HealthEndpoint> health) {
        this.health = health;
    }

    /**
     * {@code {"ok":true}} once the readiness group ({@code /actuator/health/readiness}) is {@code UP}, that is once a
     * request can succeed; before that (and while it is not) 503 with {@code {"detail": ...}}. Without the health
     * endpoint (Actuator turned off) it answers as soon as the server does.
     */
    @Operation(summary = "Health Check")
    @GetMapping("/ok")
    ResponseEntity<Object> ok() {
        var endpoint = health.getIfAvailable();
        var readiness = endpoint == null ? null : endpoint.healthForPath("readiness");
        if (readiness != null && !Status.UP.equals(readiness.getStatus())) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(new ErrorBody(
                    "Not ready yet (readiness " + readiness.getStatus().getCode()
                            + "); see /actuator/health/readiness"));
        }
        return ResponseEntity.ok(Map.of("ok", true));
    }

    @Operation(summary = "Server Information")
    @GetMapping("/info")
    Map<String, Object> info() {
        var flags = new LinkedHashMap<String, Object>();
        flags.put("assistants", true);
        flags.put("crons", true);
        flags.put("langsmith", false);
        flags.put("langsmith_tracing_replicas", false);
        var info = new LinkedHashMap<String, Object>();
        info.put("version", SystemController.class.getPackage().getImplementationVersion() == null ? "0.1.0"
                : SystemController.class.getPackage().getImplementationVersion());
        info.put("langgraph_py_version", null);
        info.put("flags", flags);
        info.put("metadata", Map.of("server", "kgraph", "transport", "kafka"));
        return info;
    }
}
