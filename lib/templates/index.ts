// Starter flows, each a flow document in this folder (the format `weft pull` writes). A template
// may bring helper flows (a subflow node names one as `template:<id>`) and a schedule, which is
// created paused: the template's URLs and addresses are examples until the user sets theirs.
import { flowDocumentSchema, type FlowDocument } from "../flow/document";
import apiToSlack from "./api-to-slack.flow.json";
import forEachSubflow from "./for-each-subflow.flow.json";
import healthCheck from "./health-check.flow.json";
import nightlySqlReport from "./nightly-sql-report.flow.json";
import processItem from "./process-item.flow.json";
import retryFlakyApi from "./retry-flaky-api.flow.json";
import webhookApprovalEmail from "./webhook-approval-email.flow.json";

export interface Template {
  id: string;
  document: FlowDocument;
  /** Flows created first, by the id the document's subflow nodes use after `template:`. */
  helpers: Record<string, FlowDocument>;
  schedule?: { cron: string; timezone: string };
  /** Secrets its blocks read: the user sets them on the Secrets page. */
  secrets: string[];
}

const parse = (document: unknown) => flowDocumentSchema.parse(document);

export const TEMPLATES: Template[] = [
  { id: "api-to-slack", document: parse(apiToSlack), helpers: {}, secrets: ["SLACK_WEBHOOK_URL"] },
  {
    id: "nightly-sql-report",
    document: parse(nightlySqlReport),
    helpers: {},
    schedule: { cron: "0 2 * * *", timezone: "UTC" },
    secrets: ["REPORT_DATABASE_URL", "SMTP_URL"],
  },
  {
    id: "webhook-approval-email",
    document: parse(webhookApprovalEmail),
    helpers: {},
    secrets: ["SMTP_URL"],
  },
  {
    id: "for-each-subflow",
    document: parse(forEachSubflow),
    helpers: { "process-item": parse(processItem) },
    secrets: [],
  },
  { id: "retry-flaky-api", document: parse(retryFlakyApi), helpers: {}, secrets: [] },
  {
    id: "health-check",
    document: parse(healthCheck),
    helpers: {},
    schedule: { cron: "*/5 * * * *", timezone: "UTC" },
    secrets: ["SLACK_WEBHOOK_URL"],
  },
];

export const templateById = (id: string) => TEMPLATES.find((template) => template.id === id);

/** The document with its `template:<helper>` subflow references pointed at the created flows. */
export function withHelperIds(document: FlowDocument, ids: Record<string, string>): FlowDocument {
  return {
    ...document,
    nodes: document.nodes.map((node) => {
      const flowId = node.config.flowId;
      if (node.block !== "flow.subflow" || typeof flowId !== "string") return node;
      const helper = flowId.startsWith("template:")
        ? ids[flowId.slice("template:".length)]
        : undefined;
      return helper ? { ...node, config: { ...node.config, flowId: helper } } : node;
    }),
  };
}
