// `weft`: flows as files for Git and CI, over Weft's REST API (docs/cli.md).
import { parseArgs, type ParseArgsConfig } from "node:util";
import { apiClient } from "./api";
import { exportFlow } from "./commands/export";
import { pull } from "./commands/pull";
import { push } from "./commands/push";
import { run } from "./commands/run";
import { runs } from "./commands/runs";
import { validate } from "./commands/validate";
import { CliError, EXIT } from "./errors";
import { flowFilesIn } from "./files";
import { processOutput, type Output } from "./output";

const CONNECTION = `
Connection (every command but validate):
  --url <url>        Weft's address (default: $WEFT_URL, else http://localhost:3000)
  --api-key <key>    a team API key from the Team page (default: $WEFT_API_KEY)`;

const HELP: Record<string, string> = {
  weft: `weft — Weft flows as code, for Git and CI

Usage: weft <command> [options]

Commands:
  pull [dir]                      every flow of the team as one JSON file per flow
  push [files…]                   save the flows whose files changed (--dry-run: show the diff)
  validate <files…>               check flow files offline, as the editor does
  run <flow> [--param k=v …]      start a run (--wait: follow it to the end)
  runs [--flow f] [--status s]    list runs, newest first
  export <flow> [--ts]            print a flow as JSON, or as a TypeScript Inngest function

Run "weft <command> --help" for a command's options.
Exit codes: 0 done; 1 the work failed (problems, a failed run, a refused push); 2 wrong usage;
3 Weft could not be reached or refused the key.${CONNECTION}`,
  pull: `Usage: weft pull [dir]

Writes every flow of the team into dir (default: .) as <name>.flow.json — keys in a fixed order,
so a diff shows only what changed — and weft-manifest.json, which maps each file to its flow id
and the version pulled. Files of flows deleted in Weft are left alone.${CONNECTION}`,
  push: `Usage: weft push [files…] [--message text] [--dry-run] [--accept-breaking]

Saves a new version of each flow whose file differs from Weft's latest version (default: every
*.flow.json in the current directory). Every file is checked offline first; if one has errors,
nothing is sent. Each save is guarded by the version in weft-manifest.json: if someone saved the
flow since, the push is refused (exit 1) and says which versions are involved. A file not in the
manifest creates a new flow.

  -m, --message text  what changed, shown in each saved version's history (e.g. the commit subject)
  --dry-run          print what would change, field by field, and change nothing
  --accept-breaking  save even when the new version breaks flows that use this one as a subflow${CONNECTION}`,
  validate: `Usage: weft validate <files…>

Checks flow files offline — JSON, the flow document schema, then the editor's graph and block
rules — and prints each file's errors and warnings. Exit 1 when any file has an error. No
connection needed: use it in a pre-commit hook.`,
  run: `Usage: weft run <flow> [--param name=value …] [--wait] [--version n] [--json]

Starts a run of a flow, named by id, by name, or by its pulled .flow.json file.

  --param name=value   a parameter (repeat); converted to the parameter's declared type
  --wait               follow the run: a line per node state change, a progress bar, then the
                       outputs (or the failing node's error); exit 0 if it completed, else 1
  --version n          run version n instead of the latest
  --json               print the run as JSON (with --wait: the finished run and every node)${CONNECTION}`,
  runs: `Usage: weft runs [--flow f] [--status s] [--limit n] [--json]

Lists runs, newest first.

  --flow f       only this flow's runs (id, name or pulled file)
  --status s     scheduled, pending, running, completed, failed or cancelled
  --limit n      how many (1–100, default 20)
  --json         as JSON${CONNECTION}`,
  export: `Usage: weft export <flow> [--ts] [--out file]

Prints the flow's latest version as a flow document (JSON). With --ts, prints a TypeScript module
instead: one Inngest function with a step per node and the blocks' logic as ordinary code, which
runs without Weft (npm install inngest jsonata zod). Blocks it cannot export faithfully become
stubs that fail with a message; they are listed on stderr.

  --ts           a TypeScript module instead of JSON
  --out file     write to a file instead of stdout${CONNECTION}`,
};

const COMMON = {
  help: { type: "boolean", short: "h" },
  url: { type: "string" },
  "api-key": { type: "string" },
} as const satisfies ParseArgsConfig["options"];

const OPTIONS = {
  pull: {},
  push: {
    "dry-run": { type: "boolean" },
    "accept-breaking": { type: "boolean" },
    message: { type: "string", short: "m" },
  },
  validate: {},
  run: {
    param: { type: "string", multiple: true, short: "p" },
    wait: { type: "boolean" },
    version: { type: "string" },
    json: { type: "boolean" },
  },
  runs: {
    flow: { type: "string" },
    status: { type: "string" },
    limit: { type: "string" },
    json: { type: "boolean" },
  },
  export: { ts: { type: "boolean" }, out: { type: "string" } },
} as const satisfies Record<string, ParseArgsConfig["options"]>;

type Command = keyof typeof OPTIONS;

function wholeNumber(value: string | undefined, flag: string, min: number, max: number) {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max)
    throw new CliError(
      `--${flag} must be a whole number from ${min} to ${max}, not "${value}"`,
      EXIT.usage,
    );
  return number;
}

/** Runs one command line; returns the exit code. */
export async function main(argv: string[], output: Output = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    output.out(HELP[topic && topic in HELP ? topic : "weft"]!);
    return 0;
  }
  if (name === "--version") {
    output.out("weft 0.1.0");
    return 0;
  }
  if (!(name in OPTIONS)) {
    output.err(`weft: unknown command "${name}". Run "weft --help" for the commands.`);
    return EXIT.usage;
  }
  const command = name as Command;
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...COMMON, ...OPTIONS[command] },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new CliError(`weft ${command}: ${(error as Error).message}`, EXIT.usage);
    }
    const { values, positionals } = parsed as {
      values: Record<string, string | boolean | string[] | undefined>;
      positionals: string[];
    };
    if (values.help) {
      output.out(HELP[command]!);
      return 0;
    }
    if (command === "validate") {
      if (!positionals.length)
        throw new CliError("weft validate: name the files to check", EXIT.usage);
      return validate(positionals, output);
    }
    const apiKey = (values["api-key"] as string | undefined) ?? process.env.WEFT_API_KEY;
    if (!apiKey)
      throw new CliError(
        `weft ${command}: no API key — set WEFT_API_KEY or pass --api-key (create one on the Team page)`,
        EXIT.usage,
      );
    const url =
      (values.url as string | undefined) ?? process.env.WEFT_URL ?? "http://localhost:3000";
    if (!/^https?:\/\//.test(url))
      throw new CliError(`--url must start with http:// or https://, not "${url}"`, EXIT.usage);
    const api = apiClient({ url, apiKey });
    const needs = (what: string) => {
      if (!positionals[0]) throw new CliError(`weft ${command}: name the ${what}`, EXIT.usage);
      return positionals[0];
    };
    switch (command) {
      case "pull":
        return await pull(api, positionals[0] ?? ".", output);
      case "push":
        return await push(
          api,
          positionals.length ? positionals : flowFilesIn("."),
          {
            dryRun: Boolean(values["dry-run"]),
            acceptBreaking: Boolean(values["accept-breaking"]),
            message: values.message as string | undefined,
          },
          output,
        );
      case "run":
        return await run(
          api,
          needs("flow to run"),
          {
            params: (values.param as string[] | undefined) ?? [],
            wait: Boolean(values.wait),
            version: wholeNumber(values.version as string | undefined, "version", 1, 1_000_000),
            json: Boolean(values.json),
            pollMs: Number(process.env.WEFT_POLL_MS) || 500,
          },
          output,
        );
      case "runs":
        return await runs(
          api,
          {
            flow: values.flow as string | undefined,
            status: values.status as string | undefined,
            limit: wholeNumber(values.limit as string | undefined, "limit", 1, 100) ?? 20,
            json: Boolean(values.json),
          },
          output,
        );
      case "export":
        return await exportFlow(
          api,
          needs("flow to export"),
          { ts: Boolean(values.ts), out: values.out as string | undefined },
          output,
        );
    }
  } catch (error) {
    if (error instanceof CliError) {
      output.err(error.message);
      return error.code;
    }
    throw error;
  }
}
