// A small line icon per block (24×24 grid, currentColor), decorative: the node's name says it.
const PATHS: Record<string, string> = {
  "http.request":
    "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18",
  "code.javascript": "M8 7l-5 5l5 5M16 7l5 5l-5 5M14 4l-4 16",
  "transform.jsonata": "M4 8h13l-3-3M20 16H7l3 3",
  "logic.condition": "M12 3l9 9l-9 9l-9-9z",
  "flow.delay": "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 7v5l3 3",
  "flow.approval": "M4 12l5 5L20 6",
  "flow.subflow": "M4 5h10v6H4zM10 13h10v6H10zM9 11v2",
  "sql.query": "M5 6c0-3 14-3 14 0v12c0 3-14 3-14 0zM5 6c0 3 14 3 14 0M5 12c0 3 14 3 14 0",
  "notify.webhook": "M3 12l18-8l-6 18l-3-8z",
  "notify.slack": "M9 3v18M15 3v18M3 9h18M3 15h18",
  "notify.email": "M3 6h18v12H3zM3 6l9 7l9-7",
  "storage.s3": "M4 7l8-4l8 4l-8 4zM4 7v10l8 4l8-4V7M12 11v10",
  "flow.block": "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z",
  // Team blocks' icons (lib/schemas/team-block.ts).
  "team:box": "M4 7l8-4l8 4l-8 4zM4 7v10l8 4l8-4V7M12 11v10",
  "team:database": "M5 6c0-3 14-3 14 0v12c0 3-14 3-14 0zM5 6c0 3 14 3 14 0",
  "team:mail": "M3 6h18v12H3zM3 6l9 7l9-7",
  "team:chart": "M4 20V10M10 20V4M16 20v-7M22 20H2",
  "team:bolt": "M13 2L4 14h7l-1 8l9-12h-7z",
  "team:globe": "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M3 12h18",
};

export function BlockIcon({ block, className = "" }: { block: string; className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      aria-hidden="true"
      className={`h-3.5 w-3.5 shrink-0 ${className}`}
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[block] ?? "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 8v5M12 16v.5"} />
    </svg>
  );
}
