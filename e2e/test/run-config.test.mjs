// Run configuration: recursion_limit, tags, configurable, context, and the metadata recorded on the run.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  callLimit, expectJsonError, getJson, postJson, pythonBehaviour, requireServer, sdk, systemAssistantId, within,
} from "../lib/server.mjs";

const client = sdk();
const HI = { messages: [{ role: "user", content: "hi" }] };

before(requireServer);

async function newThread() {
  return (await client.threads.create()).thread_id;
}

describe("config.recursion_limit", () => {
  test("exceeding it ends the run in error with a recursion error in __error__", within(20_000, pythonBehaviour("double-encoded __error__.message")), async () => {
    const threadId = await newThread();
    let runId;

    const result = await client.runs.wait(threadId, "counter", {
      input: {}, config: { recursion_limit: 1 }, raiseError: false, signal: callLimit(),
      onRunCreated: (meta) => { runId = meta.run_id; },
    });

    assert.equal(result.__error__?.error, "GraphRecursionError", JSON.stringify(result));
    assert.match(result.__error__.message, /Recursion limit of 1 reached/);
    assert.equal((await client.runs.get(threadId, runId)).status, "error");
    assert.equal((await client.threads.get(threadId)).status, "error");
  });

  test("the SDK raises the recursion error by default", within(20_000), async () => {
    await assert.rejects(
      client.runs.wait(await newThread(), "counter", { input: {}, config: { recursion_limit: 1 }, signal: callLimit() }),
      /Recursion/);
  });

  test("a limit large enough lets the run finish", within(20_000), async () => {
    const result = await client.runs.wait(await newThread(), "counter",
      { input: {}, config: { recursion_limit: 10 }, signal: callLimit() });

    assert.deepEqual(result, { count: 2, log: ["a", "b"] });
  });
});

describe("config, context and metadata on the run", () => {
  test("tags and configurable are accepted and recorded in kwargs.config with the system keys", within(20_000), async () => {
    const threadId = await newThread();

    const run = await client.runs.create(threadId, "echo",
      { input: HI, config: { tags: ["e2e-tag"], configurable: { user_key: "v" } } });
    const result = await client.runs.join(threadId, run.run_id, { signal: callLimit() });

    assert.equal(result.messages.length, 2);
    const stored = await client.runs.get(threadId, run.run_id);
    assert.ok(stored.kwargs.config.tags.includes("e2e-tag"), JSON.stringify(stored.kwargs.config));
    const configurable = stored.kwargs.config.configurable;
    assert.equal(configurable.user_key, "v");
    assert.equal(configurable.run_id, run.run_id);
    assert.equal(configurable.thread_id, threadId);
    assert.equal(configurable.graph_id, "echo");
    assert.equal(configurable.assistant_id, systemAssistantId("echo"));
  });

  test("context is accepted and recorded in kwargs.context", within(20_000), async () => {
    const threadId = await newThread();

    const run = await client.runs.create(threadId, "echo", { input: HI, context: { tenant: "acme" } });
    await client.runs.join(threadId, run.run_id, { signal: callLimit() });

    const stored = await client.runs.get(threadId, run.run_id);
    assert.equal(stored.status, "success");
    assert.equal(stored.kwargs.context.tenant, "acme");
  });

  test("runs.wait accepts tags, configurable and context", within(20_000), async () => {
    const result = await client.runs.wait(await newThread(), "echo",
      { input: HI, config: { tags: ["t"], configurable: { k: 1 } }, signal: callLimit() });
    const withContext = await client.runs.wait(await newThread(), "echo",
      { input: HI, context: { k: 1 }, signal: callLimit() });

    assert.equal(result.messages.length, 2);
    assert.equal(withContext.messages.length, 2);
  });

  test("both configurable and context non-empty is a 400", within(20_000, pythonBehaviour("accepted")), async () => {
    const response = await postJson(`/threads/${await newThread()}/runs/wait`,
      { assistant_id: "echo", input: HI, config: { configurable: { a: 1 } }, context: { b: 2 } });

    await expectJsonError(assert, response, 400);
  });

  test("run metadata holds the request metadata and the assistant_id", within(20_000), async () => {
    const threadId = await newThread();

    const run = await client.runs.create(threadId, "echo", { input: HI, metadata: { origin: "e2e", n: 1 } });

    assert.equal(run.metadata.origin, "e2e");
    assert.equal(run.metadata.n, 1);
    assert.equal(run.metadata.assistant_id, systemAssistantId("echo"));
    await client.runs.join(threadId, run.run_id, { signal: callLimit() });
    const { body } = await getJson(`/threads/${threadId}/runs/${run.run_id}`);
    assert.equal(body.metadata.origin, "e2e");
    assert.equal(body.metadata.assistant_id, systemAssistantId("echo"));
  });

  test("config.recursion_limit of the wrong type is a 422", within(20_000, pythonBehaviour("400 zod issues")), async () => {
    const response = await postJson(`/threads/${await newThread()}/runs/wait`,
      { assistant_id: "echo", input: HI, config: { recursion_limit: "5" } });

    const detail = await expectJsonError(assert, response, 422);
    assert.match(detail, /recursion_limit/);
  });
});
