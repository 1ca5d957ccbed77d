package dev.kgraph.worker.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryGateTests {
    private static final long TAKE_OVER = 1_000_000;
    private final RecoveryGate gate = new RecoveryGate(TAKE_OVER, Set.of("requests", "progress"));

    @Test
    void aPartitionWithoutTrafficIsRecoveredOnceSettled() {
        assertThat(gate.isOpen(TAKE_OVER + RecoveryGate.SETTLE_MS - 1)).isFalse();
        assertThat(gate.isOpen(TAKE_OVER + RecoveryGate.SETTLE_MS)).isTrue();
    }

    @Test
    void aBacklogBeingReadHoldsRecoveryBackUntilEveryTopicReachedTheTakeOver() {
        long now = TAKE_OVER + RecoveryGate.SETTLE_MS;
        gate.read("progress", TAKE_OVER - 5_000, now); // reports of the dead worker, not yet applied
        gate.read("requests", TAKE_OVER + 10, now);     // requests are already current
        assertThat(gate.isOpen(now + 1)).isFalse();

        gate.read("progress", TAKE_OVER + 20, now + 2); // progress reached the take-over too
        assertThat(gate.isOpen(now + 3)).isTrue();
    }

    @Test
    void aTopicThatWentQuietCountsAsReadToTheEnd() {
        long now = TAKE_OVER + RecoveryGate.SETTLE_MS;
        gate.read("progress", TAKE_OVER - 5_000, now);
        assertThat(gate.isOpen(now + RecoveryGate.QUIET_MS - 1)).isFalse();
        assertThat(gate.isOpen(now + RecoveryGate.QUIET_MS)).isTrue();
    }

    @Test
    void recoveryNeverWaitsLongerThanTheLimit() {
        for (long t = TAKE_OVER; t < TAKE_OVER + RecoveryGate.LONGEST_MS; t += 50) {
            gate.read("progress", TAKE_OVER - 1, t); // an endless old backlog
        }
        assertThat(gate.isOpen(TAKE_OVER + RecoveryGate.LONGEST_MS - 1)).isFalse();
        assertThat(gate.isOpen(TAKE_OVER + RecoveryGate.LONGEST_MS)).isTrue();
    }
}
