// A stand-alone Weft app process serving the flow-run function, so a test can SIGKILL it mid-run.
// Run with: node --conditions=react-server --import tsx (react-server makes `server-only` empty).
import { createServer } from "node:http";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { createFlowRunFunction } from "@/server/engine/flow-run";

const client = new Inngest({ id: "test-app", baseUrl: process.env.TEST_INNGEST_URL, isDev: true });
const server = createServer(serve({ client, functions: [createFlowRunFunction(client)] }));
server.listen(Number(process.env.TEST_APP_PORT), "127.0.0.1", () => console.log("ready"));
