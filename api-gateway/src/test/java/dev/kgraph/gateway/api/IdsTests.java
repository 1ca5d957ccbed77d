package dev.kgraph.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

class IdsTests {

    private static final UUID ID = UUID.fromString("6ba7b821-9dad-11d1-80b4-00c04fd430c8");

    @ParameterizedTest
    @ValueSource(strings = {"6ba7b821-9dad-11d1-80b4-00c04fd430c8", "6BA7B821-9DAD-11D1-80B4-00C04FD430C8",
            "6ba7b8219dad11d180b400c04fd430c8"})
    void acceptsTheFormsPythonAccepts(String value) {
        assertThat(Ids.requireUuid(value, "thread ID")).isEqualTo(ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "", "1-2-3-4-5", "6ba7b821-9dad-11d1-80b4-00c04fd430c", "wait"})
    void rejectsAnythingElseWith422NamingTheId(String value) {
        assertThatThrownBy(() -> Ids.requireUuid(value, "thread ID"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
                    assertThat(e.detail()).isEqualTo("Invalid thread ID: must be a UUID");
                });
    }

    @Test
    void nullIsNotAUuid() {
        assertThat(Ids.isUuid(null)).isFalse();
        assertThatThrownBy(() -> Ids.requireUuid(null, "run ID")).hasMessage("Invalid run ID: must be a UUID");
    }
}
