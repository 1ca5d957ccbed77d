// if_not_exists: create vs reject on an unknown thread id, and runs racing to create the same new thread
// (fixed in langgraph-api 0.2.66: racing runs on a new thread id used to 404).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  callLimit, expectJsonError, postJson, pythonBehaviour, requireServer, sdk, systemAssistantId, within,
} from "../lib/server.mjs";

const client = sdk();
const say = (content) => ({ messages: [{ role: "user", content }] });

before(requireServer);

describe("if_not_exists", () => {
  test("create makes the thread with graph_id and assistant_id metadata", within(20_000), async () => {
    const threadId = randomUUID();

    await client.runs.wait(threadId, "echo", { input: say("hi"), ifNotExists: "create", signal: callLimit() });

    const thread = await client.threads.get(threadId);
    assert.equal(thread.metadata.graph_id, "echo");
    assert.equal(thread.metadata.assistant_id, systemAssistantId("echo"));
    assert.equal(thread.status, "idle");
  });

  test("reject (the default) on an unknown thread is a 404 and creates nothing",
    within(20_000, pythonBehaviour("422 with the multitask message")), async () => {
      const threadId = randomUUID();

      const response = await postJson(`/threads/${threadId}/runs/wait`, { assistant_id: "echo", input: say("hi") });

      await expectJsonError(assert, response, 404);
      await assert.rejects(client.threads.get(threadId), { status: 404 });
    });

  test("two concurrent runs.wait with create on the same new thread id both succeed, one after the other",
    within(30_000, pythonBehaviour("the default multitask_strategy is reject: 422")), async () => {
      const threadId = randomUUID();

      const results = await Promise.all(["one", "two"].map((word) =>
        client.runs.wait(threadId, "echo", { input: say(word), ifNotExists: "create", signal: callLimit() })));

      const lengths = results.map((result) => result.messages.length).sort();
      assert.deepEqual(lengths, [2, 4], `one run sees the other's messages: ${JSON.stringify(results)}`);
      const state = await client.threads.getState(threadId);
      assert.equal(state.values.messages.length, 4);
      assert.equal((await client.runs.list(threadId)).length, 2);
    });

  test("five concurrent background creates on the same new thread id all succeed", within(30_000, pythonBehaviour("the default multitask_strategy is reject: 422")), async () => {
    const threadId = randomUUID();

    const runs = await Promise.all([1, 2, 3, 4, 5].map((n) =>
      client.runs.create(threadId, "echo", { input: say(`m${n}`), ifNotExists: "create" })));
    for (const run of runs) await client.runs.join(threadId, run.run_id, { signal: callLimit() });

    assert.equal(new Set(runs.map((run) => run.run_id)).size, 5);
    assert.equal((await client.threads.getState(threadId)).values.messages.length, 10);
  });
});
