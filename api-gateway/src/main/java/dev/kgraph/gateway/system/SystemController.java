package dev.kgraph.gateway.system;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /ok} and {@code /info}, as LangGraph Platform answers them. */
@Tag(name = "System")
@RestController
class SystemController {

    @Operation(summary = "Health Check")
    @GetMapping("/ok")
    Map<String, Object> ok() {
        return Map.of("ok", true);
    }

    @Operation(summary = "Server Information")
    @GetMapping("/info")
    Map<String, Object> info() {
        var flags = new LinkedHashMap<String, Object>();
        flags.put("assistants", true);
        flags.put("crons", false);
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
