// The graphs the golden cases run, as uncompiled LangGraph.js builders.
// The Java mirror lives in graph-runtime/src/test/java/dev/kgraph/graph/golden/GoldenGraphs.java:
// change both together. The first five match the reference server's src/graphs.mjs (echo, counter, hitl, slow, fail).
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk } from "@langchain/core/messages";
import { ChatGenerationChunk } from "@langchain/core/outputs";
import { Annotation, Command, END, Send, START, StateGraph, interrupt } from "@langchain/langgraph";

/** Append reducer for plain JSON lists: a list is concatenated, a single item appended, null ignored. */
const appendList = (left, right) =>
  (left ?? []).concat(Array.isArray(right) ? right : right == null ? [] : [right]);

const sumNumbers = (a, b) => (a ?? 0) + (b ?? 0);

const appendChannel = () => Annotation({ reducer: appendList, default: () => [] });
const sumChannel = () => Annotation({ reducer: sumNumbers, default: () => 0 });

// ---------------------------------------------------------------- the anchor's five graphs

/** echo: appends {role:"ai", content:"echo: " + last message content}. */
function echo() {
  const State = Annotation.Root({ messages: appendChannel() });
  return new StateGraph(State)
    .addNode("echo", (state) => {
      const last = state.messages.at(-1);
      const content = last && typeof last === "object" ? last.content : last;
      return { messages: [{ role: "ai", content: "echo: " + content }] };
    })
    .addEdge(START, "echo")
    .addEdge("echo", END);
}

/** counter: START -> a -> b -> END; each node adds 1 to count and appends its name to log. */
function counter() {
  const State = Annotation.Root({ count: sumChannel(), log: appendChannel() });
  return new StateGraph(State)
    .addNode("a", () => ({ count: 1, log: ["a"] }))
    .addNode("b", () => ({ count: 1, log: ["b"] }))
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("b", END);
}

/** hitl: node ask interrupts with {question} and stores the resume value as answer. */
function hitl() {
  const State = Annotation.Root({ question: Annotation(), answer: Annotation() });
  return new StateGraph(State)
    .addNode("ask", (state) => {
      const value = interrupt({ question: state.question ?? "What is your answer?" });
      return { answer: value };
    })
    .addEdge(START, "ask")
    .addEdge("ask", END);
}

/**
 * slow: node sleep waits state.ms (default 1000) milliseconds, then sets done = true.
 * The anchor's abort-signal handling is left out: no golden case cancels a run.
 */
function slow() {
  const State = Annotation.Root({ ms: Annotation(), done: Annotation() });
  return new StateGraph(State)
    .addNode("sleep", async (state) => {
      const ms = typeof state.ms === "number" ? state.ms : 1000;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { done: true };
    })
    .addEdge(START, "sleep")
    .addEdge("sleep", END);
}

/** fail: node fail throws Error("boom"). */
function fail() {
  const State = Annotation.Root({ x: Annotation() });
  return new StateGraph(State)
    .addNode("fail", () => {
      throw new Error("boom");
    })
    .addEdge(START, "fail")
    .addEdge("fail", END);
}

// ---------------------------------------------------------------- execution-model graphs

/**
 * fanout: START -> a; a -> b and a -> c (parallel); c -> c2; join waits for both b and c2.
 * Every node appends its name to log, so log shows the step order and the order of parallel writes.
 */
function fanout() {
  const State = Annotation.Root({ log: appendChannel() });
  const named = (name) => () => ({ log: [name] });
  return new StateGraph(State)
    .addNode("a", named("a"))
    .addNode("b", named("b"))
    .addNode("c", named("c"))
    .addNode("c2", named("c2"))
    .addNode("join", named("join"))
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("a", "c")
    .addEdge("c", "c2")
    .addEdge(["b", "c2"], "join")
    .addEdge("join", END);
}

/** conflict: START -> left and START -> right in parallel, both write the last-value channel value. */
function conflict() {
  const State = Annotation.Root({ value: Annotation() });
  return new StateGraph(State)
    .addNode("left", () => ({ value: "left" }))
    .addNode("right", () => ({ value: "right" }))
    .addEdge(START, "left")
    .addEdge(START, "right")
    .addEdge("left", END)
    .addEdge("right", END);
}

/**
 * mapreduce: a router on START sends one Send("work", {subject}) per subject; work upper-cases its
 * subject into results (append); summarize joins results with ",".
 */
function mapreduce() {
  const State = Annotation.Root({
    subjects: Annotation(),
    results: appendChannel(),
    summary: Annotation(),
  });
  return new StateGraph(State)
    .addNode("work", (arg) => ({ results: [arg.subject.toUpperCase()] }))
    .addNode("summarize", (state) => ({ summary: state.results.join(",") }))
    .addConditionalEdges(START, (state) => state.subjects.map((subject) => new Send("work", { subject })))
    .addEdge("work", "summarize")
    .addEdge("summarize", END);
}

/**
 * subgraph: START -> before -> sub -> after -> END, where sub is a compiled graph over the same keys
 * (START -> s1 -> s2 -> END). The subgraph's output (its whole state) goes through the parent's reducers.
 */
function subgraph() {
  const State = Annotation.Root({ count: sumChannel(), log: appendChannel() });
  const child = new StateGraph(State)
    .addNode("s1", () => ({ count: 1, log: ["s1"] }))
    .addNode("s2", () => ({ count: 1, log: ["s2"] }))
    .addEdge(START, "s1")
    .addEdge("s1", "s2")
    .addEdge("s2", END)
    .compile();
  return new StateGraph(State)
    .addNode("before", () => ({ count: 1, log: ["before"] }))
    .addNode("sub", child)
    .addNode("after", () => ({ count: 1, log: ["after"] }))
    .addEdge(START, "before")
    .addEdge("before", "sub")
    .addEdge("sub", "after")
    .addEdge("after", END);
}

/**
 * subgraph-hitl: START -> before -> sub -> after -> END, where sub (START -> ask -> END) interrupts
 * with {question:"sub?"} and stores the resume value as answer.
 */
function subgraphHitl() {
  const State = Annotation.Root({ log: appendChannel(), answer: Annotation() });
  const child = new StateGraph(State)
    .addNode("ask", () => {
      const value = interrupt({ question: "sub?" });
      return { answer: value, log: ["ask"] };
    })
    .addEdge(START, "ask")
    .addEdge("ask", END)
    .compile();
  return new StateGraph(State)
    .addNode("before", () => ({ log: ["before"] }))
    .addNode("sub", child)
    .addNode("after", () => ({ log: ["after"] }))
    .addEdge(START, "before")
    .addEdge("before", "sub")
    .addEdge("sub", "after")
    .addEdge("after", END);
}

/** cycle: START -> loop; loop adds 1 to count and routes back to itself until count >= 3. */
function cycle() {
  const State = Annotation.Root({ count: sumChannel() });
  return new StateGraph(State)
    .addNode("loop", () => ({ count: 1 }))
    .addEdge(START, "loop")
    .addConditionalEdges("loop", (state) => (state.count >= 3 ? END : "loop"));
}

/** multi-interrupt: node ask2 interrupts twice ("first?", then "second?") and appends both answers. */
function multiInterrupt() {
  const State = Annotation.Root({ answers: appendChannel() });
  return new StateGraph(State)
    .addNode("ask2", () => {
      const first = interrupt("first?");
      const second = interrupt("second?");
      return { answers: [first, second] };
    })
    .addEdge(START, "ask2")
    .addEdge("ask2", END);
}

/** parallel-interrupts: START -> p and START -> q in parallel; each interrupts with its own question. */
function parallelInterrupts() {
  const State = Annotation.Root({ answers: appendChannel() });
  const asking = (name) => () => ({ answers: [name + ":" + interrupt(name + "?")] });
  return new StateGraph(State)
    .addNode("p", asking("p"))
    .addNode("q", asking("q"))
    .addEdge(START, "p")
    .addEdge(START, "q")
    .addEdge("p", END)
    .addEdge("q", END);
}

/** branch: conditional edges from START with a path map {left: "L", right: "R"} on state.dir. */
function branch() {
  const State = Annotation.Root({ dir: Annotation(), log: appendChannel() });
  return new StateGraph(State)
    .addNode("L", () => ({ log: ["L"] }))
    .addNode("R", () => ({ log: ["R"] }))
    .addConditionalEdges(START, (state) => state.dir, { left: "L", right: "R" })
    .addEdge("L", END)
    .addEdge("R", END);
}

/**
 * command-node: node decide returns Command({update:{log:["decide"]}, goto: state.target});
 * left and right append their names. LangGraph.js needs `ends` to accept left/right as reachable.
 */
function commandNode() {
  const State = Annotation.Root({ target: Annotation(), log: appendChannel() });
  return new StateGraph(State)
    .addNode("decide", (state) => new Command({ update: { log: ["decide"] }, goto: state.target }), {
      ends: ["left", "right"],
    })
    .addNode("left", () => ({ log: ["left"] }))
    .addNode("right", () => ({ log: ["right"] }))
    .addEdge(START, "decide")
    .addEdge("left", END)
    .addEdge("right", END);
}

// ---------------------------------------------------------------- streaming graphs

/** The words of a text, each with its trailing space (as ExampleGraphs.tokens in Java). */
const words = (text) => text.match(/[^ ]* ?/g).filter((w) => w !== "");

/**
 * A chat model without network: answers "You said: <last message content>" word by word, every chunk with the message
 * id given by the node. LangGraph's messages stream mode sees the chunks through LangChain's callbacks
 * (handleLLMNewToken), as it would a real model's tokens; the Java twin calls NodeContext.emitMessageChunk per word.
 */
class WordsChatModel extends BaseChatModel {
  _llmType() {
    return "golden-words";
  }

  answer(messages, options) {
    return { id: options.messageId, content: "You said: " + messages.at(-1).content };
  }

  async _generate(messages, options) {
    const { id, content } = this.answer(messages, options);
    return { generations: [{ text: content, message: new AIMessage({ id, content }) }] };
  }

  async *_streamResponseChunks(messages, options, runManager) {
    const { id, content } = this.answer(messages, options);
    for (const word of words(content)) {
      const chunk = new ChatGenerationChunk({ message: new AIMessageChunk({ id, content: word }), text: word });
      yield chunk;
      await runManager?.handleLLMNewToken(word, undefined, undefined, undefined, undefined, { chunk });
    }
  }
}

/** The chat node: streams its answer, sends the custom event {tokens: n}, returns the answer as a plain message. */
function chatNode(id) {
  const model = new WordsChatModel({});
  return async (state, config) => {
    const last = state.messages.at(-1);
    const content = last && typeof last === "object" ? last.content : last;
    const reply = await model.invoke([{ role: "user", content: String(content) }], { ...config, messageId: id });
    config.writer?.({ tokens: words(reply.content).length });
    return { messages: [{ type: "ai", id: reply.id, content: reply.content }] };
  };
}

/**
 * chat: START -> chat -> END over messages (append). chat answers "You said: <last content>" through a chat model that
 * streams one chunk per word (message id "reply-1"), sends the custom event {tokens: n} and returns the whole
 * answer as {type: "ai", id, content}. The golden twin of the Java example graph chat.
 */
function chat() {
  const State = Annotation.Root({ messages: appendChannel() });
  return new StateGraph(State).addNode("chat", chatNode("reply-1")).addEdge(START, "chat").addEdge("chat", END);
}

/**
 * subgraph-chat: START -> prep -> sub -> END, where sub is the chat graph (message id "reply-2") compiled; prep appends
 * the plain string "prepared". Plain strings, not message objects, so only the streamed answer is a message.
 */
function subgraphChat() {
  const State = Annotation.Root({ messages: appendChannel() });
  const child = new StateGraph(State).addNode("chat", chatNode("reply-2")).addEdge(START, "chat").addEdge("chat", END).compile();
  return new StateGraph(State)
    .addNode("prep", () => ({ messages: ["prepared"] }))
    .addNode("sub", child)
    .addEdge(START, "prep")
    .addEdge("prep", "sub")
    .addEdge("sub", END);
}

/** Graph name -> function returning a fresh uncompiled builder. */
export const GRAPHS = {
  echo,
  counter,
  hitl,
  slow,
  fail,
  fanout,
  conflict,
  mapreduce,
  subgraph,
  "subgraph-hitl": subgraphHitl,
  cycle,
  "multi-interrupt": multiInterrupt,
  "parallel-interrupts": parallelInterrupts,
  branch,
  "command-node": commandNode,
  chat,
  "subgraph-chat": subgraphChat,
};
