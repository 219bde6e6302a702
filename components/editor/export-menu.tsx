"use client";

import { formatFlowFile, slugOf } from "@/lib/flow/format";
import { MenuButton } from "../ui/menu";
import { downloadText } from "./download";
import { useEditor, useEditorStore } from "./editor-context";

/** Export: the canvas as a flow document (as `weft pull` writes it) or as a TypeScript module. */
export function ExportMenu({ flowId }: { flowId: string }) {
  const store = useEditorStore();
  const version = useEditor((state) => state.baseVersion);
  const name = useEditor((state) => state.meta.name);
  return (
    <MenuButton
      label="Export"
      items={[
        {
          label: "Flow document (JSON)",
          hint: "Import it elsewhere, or keep it in Git",
          onSelect: () =>
            downloadText(
              `${slugOf(name)}.flow.json`,
              formatFlowFile(store.getState().document()),
              "application/json",
            ),
        },
        {
          label: "TypeScript (Inngest function)",
          hint: "Runs without Weft: a step per node",
          onSelect: async () => {
            // Loaded on demand: the export carries its runtime's source text.
            const { exportTypeScript } = await import("@/lib/export/typescript");
            const { source } = exportTypeScript(store.getState().document(), {
              flowId,
              version,
              date: new Date().toISOString().slice(0, 10),
            });
            downloadText(`${slugOf(name)}.ts`, source, "text/typescript");
          },
        },
      ]}
    />
  );
}
