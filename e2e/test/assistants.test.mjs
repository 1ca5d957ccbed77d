// System assistants: one per graph, with a deterministic id and created_by "system".
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { GRAPHS, requireServer, sdk, systemAssistantId } from "../lib/server.mjs";

const client = sdk();

before(requireServer);

describe("assistants.get", () => {
  for (const graphId of GRAPHS) {
    test(`returns the system assistant of ${graphId} by its uuid5 id`, async () => {
      const assistant = await client.assistants.get(systemAssistantId(graphId));

      assert.equal(assistant.assistant_id, systemAssistantId(graphId));
      assert.equal(assistant.graph_id, graphId);
      assert.equal(assistant.metadata.created_by, "system");
    });
  }

  test("rejects an unknown assistant with 404", async () => {
    await assert.rejects(client.assistants.get("00000000-0000-4000-8000-000000000000"), { status: 404 });
  });
});

describe("assistants.search", () => {
  for (const graphId of GRAPHS) {
    test(`finds the system assistant of ${graphId} by graph id`, async () => {
      const found = await client.assistants.search({ graphId, limit: 100 });

      const system = found.filter((a) => a.assistant_id === systemAssistantId(graphId));
      assert.equal(system.length, 1, `system assistant of ${graphId} missing from ${JSON.stringify(found)}`);
      assert.ok(found.every((a) => a.graph_id === graphId), "graphId filter must only return that graph's assistants");
      assert.equal(system[0].metadata.created_by, "system");
    });
  }

  test("finds all five system assistants by metadata", async () => {
    const found = await client.assistants.search({ metadata: { created_by: "system" }, limit: 100 });

    const ids = new Set(found.map((a) => a.assistant_id));
    for (const graphId of GRAPHS) assert.ok(ids.has(systemAssistantId(graphId)), `${graphId} missing`);
  });
});
