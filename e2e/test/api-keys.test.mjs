// API keys: against a server started with --kgraph.auth.api-keys=KEY, given to this test as E2E_API_KEY (scripts/test.sh
// starts such a second server and runs this file against it). Without E2E_API_KEY the file is skipped.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client } from "@langchain/langgraph-sdk";
import { BASE_URL, expectJsonError, requireServer, within } from "../lib/server.mjs";

const KEY = process.env.E2E_API_KEY;
const skip = KEY ? false : "set E2E_API_KEY to the key of a server started with --kgraph.auth.api-keys=<key>";
const HI = { messages: [{ role: "user", content: "hi" }] };

function client(apiKey) {
  // apiKey null: never fall back to LANGGRAPH_API_KEY / LANGSMITH_API_KEY from the environment
  return new Client({ apiUrl: BASE_URL, apiKey, callerOptions: { maxRetries: 0 } });
}

describe("API keys", { skip }, () => {
  before(requireServer); // GET /ok needs no key

  test("the SDK with apiKey creates a thread and waits for a run", within(30_000), async () => {
    const sdk = client(KEY);
    const thread = await sdk.threads.create();
    const values = await sdk.runs.wait(thread.thread_id, "echo", { input: HI, signal: AbortSignal.timeout(20_000) });
    assert.equal(values.messages.at(-1).content, "echo: hi");
  });

  test("the SDK without a key gets 401", within(15_000), async () => {
    await assert.rejects(client(null).threads.create(),
      (error) => error.status === 401 || /401/.test(String(error)));
  });

  test("without a key, or with a wrong one, the answer is 401 JSON {detail}", within(15_000), async () => {
    const body = JSON.stringify({});
    const headers = { "content-type": "application/json" };
    await expectJsonError(assert, await fetch(`${BASE_URL}/threads`, { method: "POST", headers, body }), 401);
    await expectJsonError(assert, await fetch(`${BASE_URL}/threads`,
      { method: "POST", headers: { ...headers, "x-api-key": `${KEY}-wrong` }, body }), 401);
  });

  test("the key as a bearer token works too", within(15_000), async () => {
    const response = await fetch(`${BASE_URL}/threads`, {
      method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` }, body: "{}",
    });
    assert.equal(response.status, 200, await response.text());
  });
});
