package dev.kgraph.gateway.requests;

import dev.kgraph.gateway.assistants.AssistantDirectory;
import dev.kgraph.model.topics.Topics;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the gateway's three tails before it serves HTTP: replies and run events from their end (this gateway only
 * waits for what it asks from now on), assistants from the beginning (the whole registry).
 */
public final class ReplyChannels implements SmartLifecycle {
    private final List<TopicTail<?>> tails;
    private volatile boolean running;

    public ReplyChannels(String bootstrapServers, SequencerClient sequencer, RunCompletions completions,
                         AssistantDirectory assistants) {
        this.tails = List.of(
                new TopicTail<>(bootstrapServers, Topics.REPLIES.name(), Topics.REPLIES.keySerde().deserializer(),
                        Topics.REPLIES.valueSerde().deserializer(), false, sequencer::onReply),
                // completions carry the run's final state: only those of runs someone here waits for are decoded
                new TopicTail<>(bootstrapServers, Topics.EVENTS.name(), Topics.EVENTS.keySerde().deserializer(),
                        new dev.kgraph.model.json.GatedDeserializer<>(Topics.EVENTS.valueSerde().deserializer(),
                                completions::wants), false, completions::onEvent, null, completions::wants),
                new TopicTail<>(bootstrapServers, Topics.ASSISTANTS.name(),
                        Topics.ASSISTANTS.keySerde().deserializer(), Topics.ASSISTANTS.valueSerde().deserializer(),
                        true, assistants::onRecord, assistants::onTombstone));
    }

    /** The tails: replies, run events, assistants. */
    public List<TopicTail<?>> tails() {
        return tails;
    }

    /** The replies and run-events tails are polling from their fixed start positions: answers can arrive. */
    public boolean repliesPositioned() {
        return running && tails.get(0).polling() && tails.get(1).polling();
    }

    /** The assistants tail has read everything the registry held when it started, and is still polling. */
    public boolean assistantsRead() {
        return running && tails.get(2).polling() && tails.get(2).caughtUp();
    }

    @Override
    public void start() {
        tails.forEach(TopicTail::start);
        running = true;
    }

    @Override
    public void stop() {
        for (var tail : tails) {
            try {
                tail.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server (which starts in a late phase): no request is accepted before replies can arrive. */
    @Override
    public int getPhase() {
        return 0;
    }
}
