// Webhooks (langgraph-api.md §5): one POST of the final Run (plus values, timestamps, error) to the run's webhook URL
// when it ends. Since langgraph-api 0.10 loopback URLs are refused with 422 by default, so delivery can only be
// observed here when the server allows loopback receivers: set E2E_LOOPBACK_WEBHOOKS=1 when the server under test was
// started so (kgraph: --kgraph.webhooks.allow-loopback=true); otherwise the delivery tests are skipped and the default
// refusal is tested instead.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import {
  callLimit, expectJsonErrorOf, pollUntil, pythonBehaviour, request, requireServer, sdk, within,
} from "../lib/server.mjs";

const client = sdk();
const loopbackAllowed = process.env.E2E_LOOPBACK_WEBHOOKS === "1";
const HI = { messages: [{ role: "user", content: "hi" }] };

/** A receiver on 127.0.0.1 that records every request: {method, url, headers, body}. */
function startReceiver() {
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body;
      try { body = JSON.parse(text); } catch { body = text; }
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    received,
    url: (path) => `http://127.0.0.1:${server.address().port}${path}`,
    close: () => new Promise((done) => server.close(done)),
  })));
}

let receiver;
before(async () => {
  await requireServer();
  receiver = await startReceiver();
});
after(() => receiver?.close());

function deliveryFor(runId) {
  return pollUntil(`the webhook of run ${runId}`, () => receiver.received.find((r) => r.body?.run_id === runId),
    (found) => found !== undefined, { timeoutMs: 15_000 });
}

describe("webhooks", () => {
  // With loopback receivers allowed (as in CI) the same refusal is tested on a private address, which stays refused,
  // so this test never skips.
  test(loopbackAllowed ? "a private-address webhook URL is refused with 422 (loopback allowed)"
    : "a loopback webhook URL is refused with 422 by default", within(20_000, {
    ...pythonBehaviour("loopback URLs are accepted"),
  }), async () => {
    const { thread_id: threadId } = await client.threads.create();

    const response = await request("POST", `/threads/${threadId}/runs/wait`,
      { assistant_id: "echo", input: HI, webhook: loopbackAllowed ? "http://10.0.0.1/hook" : receiver.url("/hook") });

    const detail = await expectJsonErrorOf(assert, response, 422);
    assert.match(detail, /webhook/);
  });

  test("a webhook that is not a string is a 422", within(20_000, pythonBehaviour("400 zod issues")), async () => {
    const { thread_id: threadId } = await client.threads.create();

    const response = await request("POST", `/threads/${threadId}/runs/wait`, { assistant_id: "echo", input: HI, webhook: 5 });

    await expectJsonErrorOf(assert, response, 422);
  });

  const delivery = { skip: loopbackAllowed ? false : "set E2E_LOOPBACK_WEBHOOKS=1 with a server that allows loopback webhooks" };

  test("after a successful run: one POST to the URL as given, with the final Run and its values",
    within(30_000, { ...pythonBehaviour("content-type text/plain"), ...delivery }), async () => {
    const { thread_id: threadId } = await client.threads.create();
    let runId;

    const result = await client.runs.wait(threadId, "echo", {
      input: HI, webhook: receiver.url("/hook/echo?token=abc"), signal: callLimit(),
      onRunCreated: (meta) => { runId = meta.run_id; },
    });
    const hook = await deliveryFor(runId);

    assert.equal(hook.method, "POST");
    assert.equal(hook.url, "/hook/echo?token=abc");
    assert.match(hook.headers["content-type"] ?? "", /^application\/json/);
    assert.equal(hook.body.thread_id, threadId);
    assert.equal(hook.body.status, "success");
    assert.deepEqual(hook.body.values, result);
    for (const field of ["run_started_at", "run_ended_at", "webhook_sent_at", "kwargs", "metadata"]) {
      assert.ok(field in hook.body, `the payload has ${field}: ${JSON.stringify(hook.body)}`);
    }
  });

  test("after a failed run: status error and the error", within(30_000, delivery), async () => {
    const { thread_id: threadId } = await client.threads.create();

    const run = await client.runs.create(threadId, "fail", { input: { x: 1 }, webhook: receiver.url("/hook/fail") });
    const hook = await deliveryFor(run.run_id);

    assert.equal(hook.body.status, "error");
    assert.match(JSON.stringify(hook.body.error), /boom/);
  });

  test("stateless runs deliver too", within(30_000, delivery), async () => {
    const created = await request("POST", "/runs", { assistant_id: "echo", input: HI, webhook: receiver.url("/hook/stateless") });
    assert.equal(created.status, 200, created.text);

    const hook = await deliveryFor(created.body.run_id);

    assert.equal(hook.body.status, "success");
    assert.equal(hook.body.kwargs.temporary, true);
  });
});
