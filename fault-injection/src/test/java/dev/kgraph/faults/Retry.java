package dev.kgraph.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/** Repeats an attempt (every 250 ms, on the caller's thread) until it yields a value or the time is up. */
final class Retry {

    private Retry() {
    }

    static <T> Optional<T> until(Duration atMost, Supplier<Optional<T>> attempt) {
        var result = new AtomicReference<T>();
        try {
            await().atMost(atMost).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                    .until(() -> attempt.get().map(value -> {
                        result.set(value);
                        return true;
                    }).orElse(false));
        } catch (ConditionTimeoutException timeUp) {
            return Optional.empty();
        }
        return Optional.of(result.get());
    }
}
