// Thread utilities: threads.count, getState at a checkpoint given as an object, assistants addressed by graph name.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  callLimit, expectJsonError, history, pollUntil, postJson, projectRequirement, requireServer, sdk, systemAssistantId,
} from "../lib/server.mjs";

const client = sdk();

before(requireServer);

describe("thread utilities", () => {
  test("threads.count counts the threads matching metadata, values and status", async () => {
    const tag = randomUUID();
    for (let i = 0; i < 3; i++) {
      await client.threads.create({ metadata: { tag, even: i % 2 === 0 } });
    }
    const { thread_id: ran } = await client.threads.create({ metadata: { tag, even: false } });
    await client.runs.wait(ran, "echo", { input: { messages: [{ role: "user", content: "count me" }] }, signal: callLimit() });

    assert.equal(await client.threads.count({ metadata: { tag } }), 4);
    assert.equal(await client.threads.count({ metadata: { tag, even: true } }), 2);
    assert.equal(await client.threads.count({ metadata: { tag }, values: { messages: [{ content: "echo: count me" }] } }), 1);
    assert.equal(await client.threads.count({ metadata: { tag }, status: "busy" }), 0);
    assert.equal(await client.threads.count({ metadata: { tag: randomUUID() } }), 0);
  });

  test("threads.count with a mistyped filter is a 422", async () => {
    await assert.rejects(client.threads.count({ status: "sleeping" }), { status: 422 });
  });

  test("getState with a checkpoint object returns the state at that checkpoint", async () => {
    const { thread_id: threadId } = await client.threads.create();
    await client.runs.wait(threadId, "echo", { input: { messages: [{ role: "user", content: "one" }] }, signal: callLimit() });
    await client.runs.wait(threadId, "echo", { input: { messages: [{ role: "user", content: "two" }] }, signal: callLimit() });
    const checkpoints = await history(threadId);
    const afterFirstRun = checkpoints.find((c) => c.values?.messages?.length === 2);
    assert.ok(afterFirstRun, "the history has the state after the first run");

    const state = await client.threads.getState(threadId, { checkpoint_id: afterFirstRun.checkpoint.checkpoint_id, checkpoint_ns: "" });
    const latest = await client.threads.getState(threadId, {});

    assert.equal(state.checkpoint.checkpoint_id, afterFirstRun.checkpoint.checkpoint_id);
    assert.deepEqual(state.values.messages.map((m) => m.content), ["one", "echo: one"]);
    assert.equal(latest.values.messages.length, 4);
  });

  test("threads.copy makes a new thread with the source's checkpoints and metadata, without its runs", async () => {
    const { thread_id: source } = await client.threads.create({ metadata: { owner: "e2e" } });
    await client.runs.wait(source, "echo", { input: { messages: [{ role: "user", content: "copy me" }] }, signal: callLimit() });

    const copy = await client.threads.copy(source);
    const [sourceState, copyState] = await Promise.all([client.threads.getState(source), client.threads.getState(copy.thread_id)]);
    const [sourceHistory, copyHistory] = await Promise.all([history(source), history(copy.thread_id)]);

    assert.notEqual(copy.thread_id, source);
    assert.equal(copy.status, "idle");
    assert.equal(copy.metadata.owner, "e2e");
    assert.equal(copy.metadata.thread_id, copy.thread_id);
    assert.deepEqual(copyState.values, sourceState.values);
    assert.equal(copyState.checkpoint.thread_id, copy.thread_id);
    assert.deepEqual(copyHistory.map((c) => c.checkpoint.checkpoint_id), sourceHistory.map((c) => c.checkpoint.checkpoint_id));
    assert.deepEqual(await client.runs.list(copy.thread_id), []);

    await client.runs.wait(copy.thread_id, "echo", { input: { messages: [{ role: "user", content: "only in the copy" }] }, signal: callLimit() });
    assert.equal((await client.threads.getState(copy.thread_id)).values.messages.length, 4);
    assert.equal((await client.threads.getState(source)).values.messages.length, 2);
  });

  test("a thread created with a ttl is deleted when it passes", projectRequirement("sweeps run every few minutes there"), async () => {
    const thread = await client.threads.create({ ttl: { strategy: "delete", ttl: 0.02 } });
    const kept = await client.threads.create({ ttl: { strategy: "delete", ttl: 60 } });

    await pollUntil("the thread is deleted", () => client.threads.get(thread.thread_id).then(() => 200, (e) => e.status), (status) => status === 404);
    assert.equal((await client.threads.get(kept.thread_id)).thread_id, kept.thread_id);
    await assert.rejects(client.threads.create({ ttl: { strategy: "keep_latest", ttl: 1 } }), { status: 422 });
  });

  test("copying an unknown thread is a 404", async () => {
    await assert.rejects(client.threads.copy(randomUUID()), { status: 404 });
  });

  test("a graph name is accepted wherever an assistant id goes", async () => {
    const byName = await client.assistants.get("echo");
    const graph = await client.assistants.getGraph("echo");

    assert.equal(byName.assistant_id, systemAssistantId("echo"));
    assert.equal(byName.graph_id, "echo");
    assert.ok(Array.isArray(graph.nodes));
    await assert.rejects(client.assistants.get("no-such-graph"), { status: 422 });
  });
});

describe("POST /threads/prune", () => {
  const NO_PRUNE = projectRequirement("the JS server has no POST /threads/prune");
  const HI = (text) => ({ messages: [{ role: "user", content: text }] });

  test("keep_latest keeps each thread, its runs and its state, and only its latest checkpoint", NO_PRUNE, async () => {
    const { thread_id: threadId } = await client.threads.create();
    await client.runs.wait(threadId, "echo", { input: HI("a"), signal: callLimit() });
    await client.runs.wait(threadId, "echo", { input: HI("b"), signal: callLimit() });
    const stateBefore = await client.threads.getState(threadId);
    assert.ok((await history(threadId)).length > 1);

    const pruned = await postJson("/threads/prune", { thread_ids: [threadId, randomUUID()], strategy: "keep_latest" });

    assert.equal(pruned.status, 200);
    assert.deepEqual(await pruned.json(), { pruned_count: 1 }, "the unknown thread is not counted");
    const left = await history(threadId);
    assert.equal(left.length, 1);
    assert.equal(left[0].checkpoint.checkpoint_id, stateBefore.checkpoint.checkpoint_id);
    assert.deepEqual((await client.threads.getState(threadId)).values, stateBefore.values);
    assert.equal((await client.runs.list(threadId)).length, 2);
  });

  test("delete (the default) deletes the threads", NO_PRUNE, async () => {
    const { thread_id: one } = await client.threads.create();
    const { thread_id: two } = await client.threads.create();
    const pruned = await postJson("/threads/prune", { thread_ids: [one, two] });
    assert.deepEqual(await pruned.json(), { pruned_count: 2 });
    for (const threadId of [one, two]) {
      await assert.rejects(client.threads.get(threadId), (error) => error.status === 404);
    }
  });

  test("a missing or malformed field is a 422 naming it", NO_PRUNE, async () => {
    for (const [body, field] of [[{}, "thread_ids"], [{ thread_ids: "x" }, "thread_ids"],
      [{ thread_ids: ["not-a-uuid"] }, "thread_ids"], [{ thread_ids: [], strategy: "all" }, "strategy"]]) {
      const response = await postJson("/threads/prune", body);
      const detail = await expectJsonError(assert, response, 422);
      assert.match(detail, new RegExp(field), JSON.stringify(body));
    }
  });
});
