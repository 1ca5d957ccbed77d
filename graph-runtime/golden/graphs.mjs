// The graphs the golden cases run, as uncompiled LangGraph.js builders.
// The Java mirror lives in graph-runtime/src/test/java/dev/kgraph/graph/golden/GoldenGraphs.java:
// change both together. The first five match the reference server's src/graphs.mjs (echo, counter, hitl, slow, fail).
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
};
