// Stateless runs: POST /runs/wait, POST /runs, POST /runs/batch. The server makes a temporary thread per run and
// deletes it afterwards unless on_completion is "keep"; command.resume needs a thread (400).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  UUID_PATTERN, callLimit, expectJsonErrorOf, getJson, pollUntil, pythonBehaviour, request, requireServer, sdk,
  systemAssistantId,
  within,
} from "../lib/server.mjs";

const client = sdk();
const HI = { messages: [{ role: "user", content: "hi" }] };
const ECHOED = { messages: [{ role: "user", content: "hi" }, { role: "ai", content: "echo: hi" }] };

before(requireServer);

/** The thread a stateless run's Location/Content-Location names (Python: /threads/{tid}/runs/{rid}), if any. */
function threadIdFromHeaders(response) {
  for (const header of ["location", "content-location"]) {
    const match = /\/threads\/([0-9a-f-]{36})\//i.exec(response.headers.get(header) ?? "");
    if (match) return match[1];
  }
  return undefined;
}

/**
 * The temporary thread of a stateless run: from the Location/Content-Location headers when they name it (Python:
 * /threads/{tid}/runs/{rid}), otherwise by searching the run's unique metadata tag.
 */
async function temporaryThreadId(response, tag) {
  const named = threadIdFromHeaders(response);
  if (named) return named;
  const found = await client.threads.search({ metadata: { tag } });
  assert.equal(found.length, 1, `exactly one thread carries the tag ${tag}`);
  return found[0].thread_id;
}

function awaitThreadGone(threadId) {
  return pollUntil(`temporary thread ${threadId} to be deleted`,
    async () => (await getJson(`/threads/${threadId}`)).status, (status) => status === 404);
}

describe("POST /runs/wait", () => {
  test("returns the final values through the SDK (threadId null)", within(20_000), async () => {
    const result = await client.runs.wait(null, "echo", { input: HI, signal: callLimit() });

    assert.deepEqual(result, ECHOED);
  });

  test("the temporary thread is deleted afterwards (on_completion delete, the default)", within(20_000), async () => {
    const tag = randomUUID();

    const response = await request("POST", "/runs/wait", { assistant_id: "echo", input: HI, metadata: { tag } });

    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.body, ECHOED);
    const threadId = threadIdFromHeaders(response);
    if (threadId) {
      await awaitThreadGone(threadId); // the thread the headers name is deleted
    }
    // either way no thread with the run's tag is left (none may exist by now: the search may not find it either)
    await pollUntil(`no thread tagged ${tag}`, () => client.threads.search({ metadata: { tag } }),
      (found) => found.length === 0);
  });

  test("with on_completion keep the thread stays, idle, with the run's values", within(20_000), async () => {
    const tag = randomUUID();

    const response = await request("POST", "/runs/wait",
      { assistant_id: "echo", input: HI, metadata: { tag }, on_completion: "keep" });

    assert.equal(response.status, 200, response.text);
    const threadId = await temporaryThreadId(response, tag);
    const thread = await client.threads.get(threadId);
    assert.equal(thread.status, "idle");
    assert.deepEqual(thread.values, ECHOED);
    assert.equal(thread.metadata.graph_id, "echo");
  });

  test("sends Content-Location naming the run, and Location pointing at its join", within(20_000, pythonBehaviour("no Location header")), async () => {
    const response = await request("POST", "/runs/wait", { assistant_id: "echo", input: HI });

    const contentLocation = response.headers.get("content-location") ?? "";
    assert.match(contentLocation, /^(\/threads\/[0-9a-f-]{36})?\/runs\/[0-9a-f-]{36}$/i);
    assert.equal(response.headers.get("location"), `${contentLocation}/join`);
  });

  test("command.resume without a thread is a 400", within(20_000, pythonBehaviour("accepted (200)")), async () => {
    const response = await request("POST", "/runs/wait", { assistant_id: "hitl", command: { resume: "x" } });

    const detail = await expectJsonErrorOf(assert, response, 400);
    assert.match(detail, /thread_id/);
  });

  test("a graph failure comes back as __error__", within(20_000), async () => {
    const result = await client.runs.wait(null, "fail", { input: { x: 1 }, raiseError: false, signal: callLimit() });

    assert.equal(typeof result.__error__?.error, "string", JSON.stringify(result));
  });
});

describe("POST /runs", () => {
  test("returns a pending temporary Run with Content-Location /runs/{run_id}; the thread is deleted after it ran", within(20_000), async () => {
    const response = await request("POST", "/runs", { assistant_id: "echo", input: HI });

    assert.equal(response.status, 200, response.text);
    const run = response.body;
    assert.match(run.run_id, UUID_PATTERN);
    assert.match(run.thread_id, UUID_PATTERN);
    assert.equal(run.status, "pending");
    assert.equal(run.kwargs.temporary, true);
    assert.equal(response.headers.get("content-location"), `/runs/${run.run_id}`);
    await awaitThreadGone(run.thread_id);
  });

  test("with on_completion keep the run can be joined on its thread", within(20_000), async () => {
    const response = await request("POST", "/runs", { assistant_id: "counter", input: {}, on_completion: "keep" });
    assert.equal(response.status, 200, response.text);
    const run = response.body;

    assert.equal(run.kwargs.temporary, false);
    const result = await client.runs.join(run.thread_id, run.run_id, { signal: callLimit() });
    assert.deepEqual(result, { count: 2, log: ["a", "b"] });
    assert.equal((await client.runs.get(run.thread_id, run.run_id)).status, "success");
  });

  test("the SDK's runs.create(null, ...) creates a stateless run", within(20_000), async () => {
    const run = await client.runs.create(null, "echo", { input: HI });

    assert.match(run.run_id, UUID_PATTERN);
    assert.match(run.thread_id, UUID_PATTERN);
  });

  test("command.resume without a thread is a 400", within(20_000, pythonBehaviour("accepted (200)")), async () => {
    const response = await request("POST", "/runs", { assistant_id: "hitl", command: { resume: "x" } });

    await expectJsonErrorOf(assert, response, 400);
  });
});

describe("POST /runs/batch", () => {
  test("creates one stateless run per item and returns them in order", within(30_000), async () => {
    const runs = await client.runs.createBatch([
      { assistantId: "echo", input: HI, on_completion: "keep" },
      { assistantId: "counter", input: {}, on_completion: "keep" },
    ]);

    assert.equal(runs.length, 2);
    assert.notEqual(runs[0].thread_id, runs[1].thread_id);
    assert.equal(runs[0].assistant_id, systemAssistantId("echo"));
    assert.equal(runs[1].assistant_id, systemAssistantId("counter"));
    assert.deepEqual(await client.runs.join(runs[0].thread_id, runs[0].run_id, { signal: callLimit() }), ECHOED);
    assert.deepEqual(await client.runs.join(runs[1].thread_id, runs[1].run_id, { signal: callLimit() }),
      { count: 2, log: ["a", "b"] });
  });

  test("an empty batch is a 422", within(20_000, pythonBehaviour("400 zod issues")), async () => {
    const response = await request("POST", "/runs/batch", []);

    await expectJsonErrorOf(assert, response, 422);
  });

  test("an invalid item fails the whole batch with 422", within(20_000, pythonBehaviour("400 zod issues")), async () => {
    const response = await request("POST", "/runs/batch", [{ assistant_id: "echo", input: HI }, { input: HI }]);

    await expectJsonErrorOf(assert, response, 422);
  });
});
