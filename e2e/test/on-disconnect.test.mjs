// on_disconnect on runs/wait: "cancel" cancels the run (action interrupt) when the client goes away; "continue"
// (the default) lets it finish. The Python server honours it on /runs/wait since 0.2.85; the JS server ignores it.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  BASE_URL, awaitRunStatus, pollUntil, pythonBehaviour, requireServer, runStatus, sdk, within,
} from "../lib/server.mjs";

const client = sdk();
const CANCEL_BOUND_MS = 2000; // "within about a second", with slack for a loaded 2-core machine

before(requireServer);

/** Starts runs/wait with plain fetch, returns once the headers are in (the run exists), with its ids and an abort. */
async function startWait(threadId, body) {
  const controller = new AbortController();
  const response = await fetch(`${BASE_URL}/threads/${threadId}/runs/wait`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  const runId = /\/runs\/([0-9a-f-]{36})$/i.exec(response.headers.get("content-location") ?? "")?.[1];
  assert.ok(runId, `Content-Location names the run: ${response.headers.get("content-location")}`);
  const bodyDone = response.text().catch(() => undefined); // consumed until the abort
  return { runId, abort: () => controller.abort(), bodyDone };
}

describe("on_disconnect", () => {
  test("cancel: aborting runs/wait cancels the run (status interrupted) within about a second",
    within(30_000, pythonBehaviour("runs/wait ignores on_disconnect")), async () => {
      const { thread_id: threadId } = await client.threads.create();
      const { runId, abort, bodyDone } = await startWait(threadId,
        { assistant_id: "slow", input: { ms: 10_000 }, on_disconnect: "cancel" });
      await awaitRunStatus(threadId, runId, ["running"]);

      const abortedAt = Date.now();
      abort();
      await bodyDone;
      const status = await pollUntil(`run ${runId} to end after the disconnect`, () => runStatus(threadId, runId),
        (s) => s !== "running" && s !== "pending", { timeoutMs: CANCEL_BOUND_MS });

      assert.equal(status, "interrupted", `ended ${Date.now() - abortedAt} ms after the abort`);
      const thread = await client.threads.get(threadId);
      assert.notEqual(thread.status, "busy");
      assert.notEqual(thread.status, "error", "a user cancel does not put the thread in error");
    });

  test("continue (explicit): the run goes on to success after the client left", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const { runId, abort, bodyDone } = await startWait(threadId,
      { assistant_id: "slow", input: { ms: 700 }, on_disconnect: "continue" });
    await awaitRunStatus(threadId, runId, ["running"]);

    abort();
    await bodyDone;

    assert.equal(await awaitRunStatus(threadId, runId, ["success", "error", "interrupted"]), "success");
    assert.deepEqual((await client.threads.getState(threadId)).values, { ms: 700, done: true });
  });

  test("the default is continue", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const { runId, abort, bodyDone } = await startWait(threadId, { assistant_id: "slow", input: { ms: 700 } });
    await awaitRunStatus(threadId, runId, ["running"]);

    abort();
    await bodyDone;

    assert.equal(await awaitRunStatus(threadId, runId, ["success", "error", "interrupted"]), "success");
  });
});
