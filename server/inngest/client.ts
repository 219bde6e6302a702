import { Inngest } from "inngest";

/**
 * Weft's Inngest client. The SDK reads INNGEST_DEV / INNGEST_BASE_URL / INNGEST_EVENT_KEY /
 * INNGEST_SIGNING_KEY itself (validated in server/env.ts): the launcher points it at the local
 * server, a deployment at Inngest Cloud or a self-hosted Inngest (docs/deployment.md).
 */
export const inngest = new Inngest({ id: "weft" });
