package dev.kgraph.gateway.assistants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kgraph.model.assistants.AssistantRecord;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The directory follows created assistants through their changes and tombstones, and tells writers when it did. */
class AssistantDirectoryTests {
    private static final String MINE = "a0000000-0000-4000-8000-000000000001";

    private final AssistantDirectory directory = new AssistantDirectory();

    @Test
    void aTombstoneRemovesACreatedAssistantAndCompletesWhoeverWaitsForIt() {
        directory.onRecord(version(1));
        var gone = directory.seen(MINE, Objects::isNull);
        assertThat(gone).isNotDone();

        directory.onTombstone(MINE);

        assertThat(gone).isDone();
        assertThat(directory.byId(MINE)).isEmpty();
        assertThat(directory.all()).isEmpty();
    }

    @Test
    void aWaiterCompletesWhenItsVersionArrivesOrAtOnceWhenItIsThere() {
        directory.onRecord(version(1));
        var second = directory.seen(MINE, a -> a != null && a.version() == 2);
        var first = directory.seen(MINE, a -> a != null && a.version() == 1);

        assertThat(first).isDone();
        assertThat(second).isNotDone();
        directory.onRecord(version(2));
        assertThat(second).isDone();
        assertThat(directory.byId(MINE)).hasValueSatisfying(a -> assertThat(a.version()).isEqualTo(2));
    }

    @Test
    void createdAssistantsAreNotTakenForTheirGraphsSystemAssistant() {
        directory.onRecord(version(1));

        assertThat(directory.hasGraph("echo")).isFalse();
        assertThat(AssistantDirectory.isSystem(version(1))).isFalse();
    }

    private static AssistantRecord version(int version) {
        return new AssistantRecord(MINE, "echo", "mine", null, "2026-11-22T10:00:00Z", "2026-11-22T10:00:0" + version
                + "Z", version, Map.of(), Map.of(), Map.of(), null, null);
    }
}
