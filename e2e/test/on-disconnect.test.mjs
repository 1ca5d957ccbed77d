// on_disconnect on runs/wait: "cancel" cancels the run (action interrupt) when the client goes away; "continue"
// (the default) lets it finish. The Python server honours it on /runs/wait since 0.2.85; the JS server ignores it.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  BASE_URL, awaitRunStatus, pollUntil, pythonBehaviour, requireServer, runStatus, sdk, within,
} from "../lib/server.mjs";

const client = sdk();
// Long enough that a run still running after the abort cannot be mistaken for one that ended by itself: the cancel
// test asserts "interrupted" (never "success"), the continue tests assert the run was still running after the abort.
const CANCEL_RUN_MS = 60_000;
const CONTINUE_RUN_MS = 5_000;

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
  test("cancel: aborting runs/wait cancels the run (status interrupted, long before it could have ended)",
    within(45_000, pythonBehaviour("runs/wait ignores on_disconnect")), async () => {
      const { thread_id: threadId } = await client.threads.create();
      const { runId, abort, bodyDone } = await startWait(threadId,
        { assistant_id: "slow", input: { ms: CANCEL_RUN_MS }, on_disconnect: "cancel" });
      await awaitRunStatus(threadId, runId, ["running"]);

      abort();
      await bodyDone;
      // no wall-clock bound: a 60 s run that ends "interrupted" was cancelled, not finished
      const status = await pollUntil(`run ${runId} to end after the disconnect`, () => runStatus(threadId, runId),
        (s) => s !== "running" && s !== "pending", { timeoutMs: 30_000 });

      assert.equal(status, "interrupted");
      assert.notDeepEqual((await client.threads.getState(threadId)).values, { ms: CANCEL_RUN_MS, done: true },
        "the cancelled run did not complete");
      const thread = await client.threads.get(threadId);
      assert.notEqual(thread.status, "busy");
      assert.notEqual(thread.status, "error", "a user cancel does not put the thread in error");
    });

  test("continue (explicit): the run goes on to success after the client left", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const { runId, abort, bodyDone } = await startWait(threadId,
      { assistant_id: "slow", input: { ms: CONTINUE_RUN_MS }, on_disconnect: "continue" });
    await awaitRunStatus(threadId, runId, ["running"]);

    abort();
    await bodyDone;
    assert.equal(await runStatus(threadId, runId), "running", "the run outlived the abort (else this tests nothing)");

    assert.equal(await awaitRunStatus(threadId, runId, ["success", "error", "interrupted"], { timeoutMs: 20_000 }),
      "success");
    assert.deepEqual((await client.threads.getState(threadId)).values, { ms: CONTINUE_RUN_MS, done: true });
  });

  test("the default is continue", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const { runId, abort, bodyDone } = await startWait(threadId,
      { assistant_id: "slow", input: { ms: CONTINUE_RUN_MS } });
    await awaitRunStatus(threadId, runId, ["running"]);

    abort();
    await bodyDone;
    assert.equal(await runStatus(threadId, runId), "running", "the run outlived the abort (else this tests nothing)");

    assert.equal(await awaitRunStatus(threadId, runId, ["success", "error", "interrupted"], { timeoutMs: 20_000 }),
      "success");
  });
});
