package dev.kgraph.model.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RunLogContextTests {

    @Test
    void setsBothIdsAndClearsThemOnClose() {
        try (var ignored = RunLogContext.of("t-1", "r-1")) {
            assertThat(MDC.get("thread_id")).isEqualTo("t-1");
            assertThat(MDC.get("run_id")).isEqualTo("r-1");
        }
        assertThat(MDC.get("thread_id")).isNull();
        assertThat(MDC.get("run_id")).isNull();
    }

    @Test
    void aNestedScopeRestoresTheOuterOne() {
        try (var outer = RunLogContext.ofThread("t-1")) {
            try (var inner = RunLogContext.of("t-2", "r-2")) {
                assertThat(MDC.get("thread_id")).isEqualTo("t-2");
            }
            assertThat(MDC.get("thread_id")).isEqualTo("t-1");
            assertThat(MDC.get("run_id")).isNull();
        }
        assertThat(MDC.get("thread_id")).isNull();
    }
}
