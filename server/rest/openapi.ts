import { z } from "zod";
import { flowDocumentSchema } from "@/lib/flow/document";
import {
  errorBody,
  flowSummary,
  MAX_RUN_WAIT_SECONDS,
  runDetail,
  runSummary,
  startRunBody,
} from "@/lib/schemas/rest";
import {
  connectionView,
  createConnectionInput,
  testConnectionInput,
  updateConnectionInput,
} from "@/lib/schemas/connection";

const schema = (type: z.ZodType, io: "input" | "output" = "output") => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, {
    io,
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ content: { "application/json": { schema: ref(name) } } });
const error = (description: string) => ({ description, ...json("Error") });
const ERRORS = {
  "401": error("Missing, invalid or revoked API key"),
  "429": error("Too many requests for this key"),
};
const idParam = (what: string) => ({
  name: "id",
  in: "path",
  required: true,
  description: `The ${what}'s id`,
  schema: { type: "string" },
});

/** The OpenAPI 3.1 document of REST API v1, built from the same zod schemas the handlers use. */
/** A page of a list: `key` holds the items, `nextCursor` continues it. */
const paged = (description: string, key: string, items: object) => ({
  description,
  content: {
    "application/json": {
      schema: {
        type: "object",
        properties: {
          [key]: { type: "array", items },
          nextCursor: { type: ["string", "null"] },
        },
      },
    },
  },
});

/** Optional query parameters: `limit` an integer, `since`/`until` date-times, the rest strings. */
const queryParams = (names: string[]) =>
  names.map((name) => ({
    name,
    in: "query",
    required: false,
    schema:
      name === "limit"
        ? { type: "integer" }
        : name === "since" || name === "until"
          ? { type: "string", format: "date-time" }
          : { type: "string" },
  }));

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Weft REST API",
      version: "1",
      description: "Flows and runs of the team an API key belongs to. See docs/api.md.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "A team API key (weft_…), created on the Team page",
        },
      },
      schemas: {
        FlowDocument: schema(flowDocumentSchema, "input"),
        FlowSummary: schema(flowSummary),
        StartRun: schema(startRunBody, "input"),
        RunSummary: schema(runSummary),
        Run: schema(runDetail),
        Error: schema(errorBody),
        Connection: schema(connectionView),
        NewConnection: schema(createConnectionInput, "input"),
        ConnectionChange: schema(updateConnectionInput.omit({ connectionId: true }), "input"),
        ConnectionTest: schema(testConnectionInput, "input"),
      },
    },
    paths: {
      "/flows": {
        get: {
          summary: "List the team's flows",
          responses: {
            "200": {
              description: "The flows",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: { flows: { type: "array", items: ref("FlowSummary") } },
                  },
                },
              },
            },
            ...ERRORS,
          },
        },
        post: {
          summary: "Create a flow from a flow document",
          requestBody: { required: true, ...json("FlowDocument") },
          responses: {
            "201": { description: "The new flow (version 1)", ...json("FlowSummary") },
            "400": error("The body is not JSON"),
            "413": error("The body is larger than 3 MB"),
            "422": error("The document is invalid; `field` names where"),
            ...ERRORS,
          },
        },
      },
      "/flows/{id}": {
        parameters: [idParam("flow")],
        get: {
          summary: "The latest version as a flow document",
          responses: {
            "200": {
              description: "The flow's latest version",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      id: { type: "string" },
                      version: { type: "integer" },
                      document: ref("FlowDocument"),
                    },
                  },
                },
              },
            },
            "404": error("No such flow in this team"),
            ...ERRORS,
          },
        },
        put: {
          summary: "Save a new version",
          parameters: [
            {
              name: "If-Match",
              in: "header",
              required: false,
              description: "The version you edited; 409 if someone saved after it",
              schema: { type: "integer" },
            },
            {
              name: "message",
              in: "query",
              required: false,
              description: "What changed, shown in the flow's history (at most 500 characters)",
              schema: { type: "string", maxLength: 500 },
            },
            {
              name: "acceptBreaking",
              in: "query",
              required: false,
              description:
                "true: save even if the version breaks flows using this one as a subflow",
              schema: { type: "boolean" },
            },
          ],
          requestBody: { required: true, ...json("FlowDocument") },
          responses: {
            "200": { description: "The new version number" },
            "400": error("The body is not JSON"),
            "404": error("No such flow in this team"),
            "409": error("A newer version exists (If-Match)"),
            "412": error("The version would break flows that use this one (acceptBreaking)"),
            "413": error("The body is larger than 3 MB"),
            "422": error("The document is invalid"),
            ...ERRORS,
          },
        },
      },
      "/flows/{id}/runs": {
        parameters: [idParam("flow")],
        post: {
          summary: "Start a run",
          requestBody: { required: false, ...json("StartRun") },
          responses: {
            "201": {
              description: "The run, pending",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: { id: { type: "string" }, status: { type: "string" } },
                  },
                },
              },
            },
            "400": error("The body is not JSON"),
            "404": error("No such flow or version"),
            "422": error("A parameter is missing or of the wrong type; `field` names it"),
            ...ERRORS,
          },
        },
      },
      "/runs": {
        get: {
          summary: "List runs, newest first",
          parameters: queryParams([
            "flowId",
            "status",
            "trigger",
            "since",
            "until",
            "cursor",
            "limit",
          ]),
          responses: {
            "200": paged("A page of runs", "runs", ref("RunSummary")),
            "422": error("A bad filter"),
            ...ERRORS,
          },
        },
      },
      "/runs/{id}": {
        parameters: [idParam("run")],
        get: {
          summary: "A run with every node's state",
          parameters: [
            {
              name: "wait",
              in: "query",
              required: false,
              description: `Seconds (0–${MAX_RUN_WAIT_SECONDS}) to hold the answer until the run has ended: one request instead of polling`,
              schema: { type: "integer", minimum: 0, maximum: MAX_RUN_WAIT_SECONDS, default: 0 },
            },
          ],
          responses: {
            "200": { description: "The run", ...json("Run") },
            "404": error("No such run in this team"),
            "422": error(
              `\`wait\` is not a whole number of seconds from 0 to ${MAX_RUN_WAIT_SECONDS}`,
            ),
            ...ERRORS,
          },
        },
      },
      "/audit": {
        get: {
          summary: "The team's audit log, newest first (keys of owners)",
          parameters: queryParams([
            "actorId",
            "area",
            "flowId",
            "since",
            "until",
            "cursor",
            "limit",
          ]),
          responses: {
            "200": paged(
              "A page of entries: id, createdAt, actorId, actorName, source (ui, api_key, webhook, schedule), action, flowId, details",
              "entries",
              { type: "object" },
            ),
            "403": error("The key's creator is not an owner of the team"),
            "422": error("A filter is not valid; `field` names it"),
            ...ERRORS,
          },
        },
      },
      "/connections": {
        get: {
          summary: "The team's connections: names and types; settings too for editors' keys",
          responses: {
            "200": {
              description: "The connections (never a secret's value)",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: { connections: { type: "array", items: ref("Connection") } },
                  },
                },
              },
            },
            ...ERRORS,
          },
        },
        post: {
          summary: "Create a connection (editors' keys)",
          requestBody: { required: true, ...json("NewConnection") },
          responses: {
            "201": { description: "The connection", ...json("Connection") },
            "422": error("A value is not valid; `field` names it"),
            "409": error("A connection with this name exists"),
            ...ERRORS,
          },
        },
      },
      "/connections/{id}": {
        parameters: [idParam("connection")],
        get: {
          summary: "One connection (settings for editors' keys)",
          responses: {
            "200": { description: "The connection", ...json("Connection") },
            "404": error("No such connection in this team"),
            ...ERRORS,
          },
        },
        patch: {
          summary: "Change a connection: fields left out, and secrets sent empty, keep their value",
          requestBody: { required: true, ...json("ConnectionChange") },
          responses: {
            "200": { description: "The connection", ...json("Connection") },
            "422": error("A value is not valid; `field` names it"),
            "404": error("No such connection in this team"),
            ...ERRORS,
          },
        },
        delete: {
          summary: "Delete a connection no flow uses",
          responses: {
            "200": { description: "Deleted" },
            "404": error("No such connection in this team"),
            "409": error("Flows use it: the message names them"),
            ...ERRORS,
          },
        },
      },
      "/connections/test": {
        post: {
          summary: "Connect with these values, saving nothing",
          requestBody: { required: true, ...json("ConnectionTest") },
          responses: {
            "200": {
              description: "`{ ok, message }`: what answered, or the exact error",
              content: { "application/json": { schema: { type: "object" } } },
            },
            "422": error("A value is not valid; `field` names it"),
            ...ERRORS,
          },
        },
      },
      "/runs/{id}/cancel": {
        parameters: [idParam("run")],
        post: {
          summary: "Cancel a run that has not ended",
          responses: {
            "200": { description: "Cancelled" },
            "404": error("No such run in this team"),
            "409": error("The run already ended"),
            ...ERRORS,
          },
        },
      },
    },
  };
}
