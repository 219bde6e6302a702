// npm run bench:validate – how long saving's validation takes on documents that once froze the
// server: 1,000 nodes and ~4,000 edges with references, and a 400 KB field of `{{`.
import { validateFlowDocument } from "../lib/flow/validate";
import { bigDocument } from "../test/support/big-document";

function time(label: string, document: unknown, rounds = 20) {
  validateFlowDocument(document);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    validateFlowDocument(document);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label}: median ${times[rounds >> 1]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`,
  );
}

const big = bigDocument(1_000, 4);
time(`1,000 nodes, ${big.edges.length} edges`, big);
const braces = bigDocument(2, 1);
braces.nodes[1]!.config.url = "{{".repeat(200_000);
time("a 400 KB field of {{", braces);
const closed = bigDocument(2, 1);
closed.nodes[1]!.config.url = "{{}}".repeat(100_000);
time("a 400 KB field of {{}}", closed);
