// The /docs page (Swagger UI over /openapi.json) in a real headless browser: it loads and lists the runs/wait
// operation under LangGraph Platform's path. Skipped, with the reason, where no chromium is installed.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, requireServer, within } from "../lib/server.mjs";
import { browserSkip, launchBrowser } from "../lib/browser.mjs";

describe("the /docs page", { skip: browserSkip }, () => {
  let browser;
  before(async () => {
    await requireServer();
    browser = await launchBrowser();
  });
  after(() => browser?.close());

  test("loads in a browser and lists POST /threads/{thread_id}/runs/wait", within(60_000), async () => {
    const page = await browser.newPage();
    const failed = [];
    page.on("response", (response) => { if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`); });
    try {
      const response = await page.goto(`${BASE_URL}/docs`, { waitUntil: "load", timeout: 30_000 });
      assert.equal(response.status(), 200, `GET /docs ended with ${response.status()} at ${response.url()}`);

      const operation = page.locator(".opblock-post", { hasText: "/threads/{thread_id}/runs/wait" });
      await operation.first().waitFor({ state: "visible", timeout: 30_000 });
      const text = await operation.first().innerText();
      assert.match(text, /POST/);
      assert.match(text, /Create Run, Wait for Output/);
      assert.deepEqual(failed, [], "every resource of the page loads");
    } finally {
      await page.close();
    }
  });
});
