// runs.wait on a thread: results of the five graphs, human-in-the-loop resume, failures, and response headers.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { UUID_PATTERN, postJson, pythonBehaviour, requireServer, sdk } from "../lib/server.mjs";

const client = sdk();
const HI = { messages: [{ role: "user", content: "hi" }] };

before(requireServer);

describe("runs.wait", () => {
  test("echo on a new thread id with ifNotExists create returns both messages", async () => {
    const result = await client.runs.wait(randomUUID(), "echo", { input: HI, ifNotExists: "create" });

    assert.deepEqual(result, {
      messages: [{ role: "user", content: "hi" }, { role: "ai", content: "echo: hi" }],
    });
  });

  test("echo on an existing thread reports the run through onRunCreated", async () => {
    const { thread_id: threadId } = await client.threads.create();
    let created;

    await client.runs.wait(threadId, "echo", { input: HI, onRunCreated: (meta) => { created = meta; } });

    assert.equal(created?.thread_id, threadId);
    assert.match(created?.run_id ?? "", UUID_PATTERN);
  });

  test("the thread keeps the echoed state and is idle afterwards", async () => {
    const { thread_id: threadId } = await client.threads.create();

    await client.runs.wait(threadId, "echo", { input: HI });
    const state = await client.threads.getState(threadId);
    const thread = await client.threads.get(threadId);

    assert.equal(state.values.messages.length, 2);
    assert.deepEqual(state.next, []);
    assert.equal(thread.status, "idle");
  });

  test("counter runs a then b", async () => {
    const { thread_id: threadId } = await client.threads.create();

    const result = await client.runs.wait(threadId, "counter", { input: {} });

    assert.deepEqual(result, { count: 2, log: ["a", "b"] });
  });

  test("hitl interrupts with the question, then a resume command answers it", async () => {
    const { thread_id: threadId } = await client.threads.create();

    const paused = await client.runs.wait(threadId, "hitl", { input: { question: "name?" } });
    assert.ok(Array.isArray(paused.__interrupt__), `expected __interrupt__ in ${JSON.stringify(paused)}`);
    assert.deepEqual(paused.__interrupt__[0].value, { question: "name?" });
    assert.equal((await client.threads.get(threadId)).status, "interrupted");

    const resumed = await client.runs.wait(threadId, "hitl", { command: { resume: "x" } });

    assert.equal(resumed.answer, "x");
    assert.equal(resumed.question, "name?");
    assert.equal((await client.threads.get(threadId)).status, "idle");
  });

  test("fail makes runs.wait throw an error mentioning boom", async () => {
    const { thread_id: threadId } = await client.threads.create();

    await assert.rejects(client.runs.wait(threadId, "fail", { input: { x: 1 } }), /boom/);
    assert.equal((await client.threads.get(threadId)).status, "error");
  });

  test("fail with raiseError false returns __error__ whose message is the plain exception text", pythonBehaviour("__error__.message is double-encoded JSON"), async () => {
    const { thread_id: threadId } = await client.threads.create();

    const result = await client.runs.wait(threadId, "fail", { input: { x: 1 }, raiseError: false });

    assert.equal(typeof result.__error__?.error, "string", JSON.stringify(result));
    assert.equal(result.__error__.message, "boom");
  });
});

describe("runs/wait over plain HTTP", () => {
  test("sends Content-Location of the run", async () => {
    const threadId = randomUUID();

    const response = await postJson(`/threads/${threadId}/runs/wait`,
      { assistant_id: "echo", input: HI, if_not_exists: "create" });
    await response.text();

    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-location") ?? "",
      new RegExp(`^/threads/${threadId}/runs/[0-9a-f-]{36}$`, "i"));
  });

  test("sends Location pointing at the run's join endpoint", pythonBehaviour("no Location header"), async () => {
    const threadId = randomUUID();

    const response = await postJson(`/threads/${threadId}/runs/wait`,
      { assistant_id: "echo", input: HI, if_not_exists: "create" });
    await response.text();

    const runPath = response.headers.get("content-location");
    assert.equal(response.headers.get("location"), `${runPath}/join`);
  });

  test("answers application/json whose body parses after leading keep-alive whitespace", pythonBehaviour("runs/wait answers text/plain"), async () => {
    const response = await postJson(`/threads/${randomUUID()}/runs/wait`,
      { assistant_id: "counter", input: {}, if_not_exists: "create" });
    const text = await response.text();

    assert.deepEqual(JSON.parse(text), { count: 2, log: ["a", "b"] });
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
  });
});
