// The id derivation the assistant tests rely on, checked against published vectors (no server needed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { systemAssistantId, uuid5 } from "../lib/server.mjs";

test("uuid5 matches the RFC 4122 example for the DNS namespace", () => {
  assert.equal(uuid5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "2ed6657d-e927-568b-95e1-2665a8aea6a2");
});

test("the echo system assistant id is the one the official servers use", () => {
  assert.equal(systemAssistantId("echo"), "046b5dc7-2108-582c-9c6c-31d556d138f0");
});
