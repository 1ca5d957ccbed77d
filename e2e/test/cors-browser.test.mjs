// CORS from a real browser: a page served on another origin (another loopback port) POSTs JSON to runs/wait, which
// needs a preflight (content-type: application/json), and reads the answer and its Content-Location header, as a chat
// page using the SDK does. Before CORS was configured the preflight answered 200 without Access-Control-Allow-Origin
// and the browser blocked the call. Skipped, with the reason, where no chromium is installed.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { BASE_URL, requireServer, within } from "../lib/server.mjs";
import { browserSkip, launchBrowser } from "../lib/browser.mjs";

/** The page: calls the API on BASE_URL with fetch and leaves the outcome in window.outcome. */
function pageHtml(apiUrl, threadId) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>cors</title></head><body><script type="module">
    try {
      const response = await fetch(${JSON.stringify(`${apiUrl}/threads/${threadId}/runs/wait`)}, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ assistant_id: "echo", if_not_exists: "create",
          input: { messages: [{ role: "user", content: "hi from another origin" }] } }),
      });
      window.outcome = { status: response.status, contentLocation: response.headers.get("content-location"),
        body: await response.json() };
    } catch (error) {
      window.outcome = { error: String(error) };
    }
  </script></body></html>`;
}

/** Serves one page on 127.0.0.1 at a free port: another origin than BASE_URL. */
function servePage(html) {
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((done) => server.close(done)),
  })));
}

describe("CORS from a browser page on another origin", { skip: browserSkip }, () => {
  let browser;
  before(async () => {
    await requireServer();
    browser = await launchBrowser();
  });
  after(() => browser?.close());

  test("a JSON POST to runs/wait passes the preflight and its answer and headers are readable", within(60_000),
    async () => {
      const threadId = randomUUID();
      const site = await servePage(pageHtml(BASE_URL, threadId));
      const page = await browser.newPage();
      try {
        assert.notEqual(new URL(site.url).origin, new URL(BASE_URL).origin);
        await page.goto(site.url, { waitUntil: "load" });
        await page.waitForFunction(() => window.outcome !== undefined, null, { timeout: 45_000 });
        const outcome = await page.evaluate(() => window.outcome);

        assert.equal(outcome.error, undefined, `the browser blocked or failed the call: ${outcome.error}`);
        assert.equal(outcome.status, 200);
        assert.equal(outcome.body.messages.at(-1).content, "echo: hi from another origin");
        assert.match(outcome.contentLocation ?? "", new RegExp(`^/threads/${threadId}/runs/[0-9a-f-]{36}$`),
          "Content-Location is exposed to the page");
      } finally {
        await page.close();
        await site.close();
      }
    });
});
