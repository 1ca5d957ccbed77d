// Shared setup for the suite: the server under test, an SDK client, and small helpers.
import { createHash } from "node:crypto";
import { Client } from "@langchain/langgraph-sdk";

/** The server under test. Only loopback addresses are allowed: this suite must never send traffic elsewhere. */
export const BASE_URL = loopbackOnly(process.env.BASE_URL ?? "http://127.0.0.1:8123");

/** The graphs every server under test ships (see the anchor's src/graphs.mjs). */
export const GRAPHS = ["echo", "counter", "hitl", "slow", "fail"];

// LangGraph's NAMESPACE_GRAPH. Documented as "the URL namespace", but it is 6ba7b821-..., not RFC 4122's URL
// namespace 6ba7b811-...; the official servers give echo the id 046b5dc7-2108-582c-9c6c-31d556d138f0.
export const GRAPH_NAMESPACE = "6ba7b821-9dad-11d1-80b4-00c04fd430c8";

function loopbackOnly(raw) {
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const loopback = host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  if (!loopback) {
    throw new Error(`BASE_URL must point at a loopback address (127.0.0.0/8, localhost, [::1]); got ${raw}`);
  }
  return url.origin;
}

/**
 * An SDK client for BASE_URL. Retries are off so that a server error fails the test at once instead of being
 * retried with back-off (the SDK retries 5xx and network errors four times by default).
 */
export function sdk() {
  return new Client({ apiUrl: BASE_URL, callerOptions: { maxRetries: 0 } });
}

/** Fails fast with a clear message when nothing answers at BASE_URL, instead of N confusing test failures. */
export async function requireServer() {
  try {
    const response = await fetch(`${BASE_URL}/ok`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`GET /ok answered ${response.status}`);
  } catch (error) {
    throw new Error(`No LangGraph API server at ${BASE_URL} (set BASE_URL): ${error.message}`);
  }
}

/** The id of a graph's system assistant: uuid5(GRAPH_NAMESPACE, graph id). */
export function systemAssistantId(graphId) {
  return uuid5(graphId);
}

/** RFC 4122 name-based UUID (SHA-1, version 5). */
export function uuid5(name, namespace = GRAPH_NAMESPACE) {
  const hash = createHash("sha1")
    .update(Buffer.from(namespace.replaceAll("-", ""), "hex"))
    .update(Buffer.from(name, "utf8"))
    .digest()
    .subarray(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** POSTs a JSON body (or a raw string) with plain fetch and returns the response; the body is left unread. */
export function postJson(path, body, headers = {}) {
  return fetch(`${BASE_URL}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}

/**
 * Asserts the API's error convention: the given status, a JSON content type and a `{"detail": string}` body.
 * Returns the detail for further checks.
 */
export async function expectJsonError(assert, response, status) {
  const text = await response.text();
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${text}`);
  assert.match(response.headers.get("content-type") ?? "", /^application\/json/,
    `error bodies must be JSON, got ${response.headers.get("content-type")}: ${text}`);
  const body = JSON.parse(text);
  assert.equal(typeof body.detail, "string", `error body must be {"detail": string}, got ${text}`);
  return body.detail;
}

/**
 * Options for a test of behaviour where the Python server (our target) and the official JS server differ. With
 * E2E_SERVER=js-anchor such a test runs as `todo`: it still runs and reports, but its failure does not fail the suite.
 */
export function pythonBehaviour(howTheJsAnchorDiffers) {
  return process.env.E2E_SERVER === "js-anchor" ? { todo: `JS anchor differs: ${howTheJsAnchorDiffers}` } : {};
}

// ------------------------------------------------------------------------------------------------------------------
// Helpers for the run-lifecycle suites (multitask, human in the loop, time travel, run and thread resources).

/** Upper bound for one blocking call (runs.wait, join): a hung server fails the test instead of hanging the suite. */
export const CALL_LIMIT_MS = 30_000;

/** An AbortSignal for one blocking SDK call (the SDK disables its own timeout for wait and join). */
export function callLimit(ms = CALL_LIMIT_MS) {
  return AbortSignal.timeout(ms);
}

/** Per-test options: a timeout, plus whatever else (e.g. pythonBehaviour(...)). */
export function within(ms, extra = {}) {
  return { timeout: ms, ...extra };
}

/**
 * Polls `probe` until `accept(value)` holds and returns that value; fails with the last value seen once `timeoutMs`
 * has passed. The interval only paces the polling: correctness never depends on it.
 */
export async function pollUntil(what, probe, accept, { timeoutMs = 10_000, intervalMs = 25 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await probe();
    if (accept(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** GET a path with plain fetch; returns {status, headers, body} with the body parsed as JSON when there is one. */
export async function getJson(path, init = {}) {
  const response = await fetch(`${BASE_URL}${path}`, { signal: AbortSignal.timeout(CALL_LIMIT_MS), ...init });
  return readResponse(response);
}

/** Sends a request with an optional JSON body; returns {status, headers, body, text}. */
export async function request(method, path, body, headers = {}) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(CALL_LIMIT_MS),
  });
  return readResponse(response);
}

async function readResponse(response) {
  const text = await response.text();
  let body;
  try {
    body = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** The run's status, or "gone" once GET on it is a 404. */
export async function runStatus(threadId, runId) {
  const { status, body, text } = await getJson(`/threads/${threadId}/runs/${runId}`);
  if (status === 404) return "gone";
  if (status !== 200) throw new Error(`GET run answered ${status}: ${text}`);
  return body.status;
}

/** The thread's status, or "gone" once GET on it is a 404. */
export async function threadStatus(threadId) {
  const { status, body, text } = await getJson(`/threads/${threadId}`);
  if (status === 404) return "gone";
  if (status !== 200) throw new Error(`GET thread answered ${status}: ${text}`);
  return body.status;
}

/** Polls until the run's status is one of `statuses` (e.g. ["running"], or ["gone"] for a deleted run). */
export function awaitRunStatus(threadId, runId, statuses, options) {
  return pollUntil(`run ${runId} to be ${statuses.join("|")}`, () => runStatus(threadId, runId),
    (status) => statuses.includes(status), options);
}

/** Polls until the thread's status is one of `statuses`. */
export function awaitThreadStatus(threadId, statuses, options) {
  return pollUntil(`thread ${threadId} to be ${statuses.join("|")}`, () => threadStatus(threadId),
    (status) => statuses.includes(status), options);
}

export const TERMINAL_RUN_STATUSES = ["success", "error", "interrupted", "timeout"];

/**
 * Starts a background run of the `slow` graph (sleeps `ms`) on the thread and returns it once it is `running`.
 * Further fields of the run body (multitask_strategy, ...) can be given in `extra`.
 */
export async function startSlowRun(threadId, ms, extra = {}) {
  const created = await request("POST", `/threads/${threadId}/runs`, { assistant_id: "slow", input: { ms }, ...extra });
  if (created.status !== 200) throw new Error(`creating a slow run answered ${created.status}: ${created.text}`);
  await awaitRunStatus(threadId, created.body.run_id, ["running"]);
  return created.body;
}

/** Creates a background run with plain fetch and returns the Run (fails on a non-200 answer). */
export async function createRun(threadId, body) {
  const created = await request("POST", `/threads/${threadId}/runs`, body);
  if (created.status !== 200) throw new Error(`creating a run answered ${created.status}: ${created.text}`);
  return created.body;
}

/** Newest-first history of a thread (POST /history, as the SDK sends it). */
export async function history(threadId, limit = 100) {
  const { status, body, text } = await request("POST", `/threads/${threadId}/history`, { limit });
  if (status !== 200) throw new Error(`POST history answered ${status}: ${text}`);
  return body;
}

/** Options for a test of what this project's issues require where neither reference server is documented. */
export function projectRequirement(howTheJsAnchorDiffers) {
  return pythonBehaviour(howTheJsAnchorDiffers);
}

/** expectJsonError for a response already read by request()/getJson(). */
export function expectJsonErrorOf(assert, read, status) {
  return expectJsonError(assert, { status: read.status, headers: read.headers, text: async () => read.text }, status);
}
