import type {
  CompletionContext,
  CompletionResult,
  CompletionSource,
} from "@codemirror/autocomplete";
import { linter } from "@codemirror/lint";
import type { Extension } from "@codemirror/state";
import { hoverTooltip } from "@codemirror/view";
import type { TypeService } from "@/lib/code/types";

/** CodeMirror's completion icons by TypeScript's kinds of entry. */
const KINDS: Record<string, string> = {
  property: "property",
  method: "method",
  function: "function",
  const: "constant",
  let: "variable",
  var: "variable",
  class: "class",
  interface: "interface",
  type: "type",
  keyword: "keyword",
  module: "namespace",
  alias: "namespace",
};

/** Type errors as warnings under the code (hover for the message), after a pause in typing. */
function typeLinter(types: () => TypeService | null | undefined): Extension {
  return linter(
    async (view) => {
      const service = types();
      if (!service) return [];
      const code = view.state.doc.toString();
      const found = await service.check(code).catch(() => []);
      // The text moved on meanwhile: the next pass marks it.
      if (view.state.doc.toString() !== code) return [];
      return found.map((diagnostic) => ({
        from: diagnostic.from,
        to: Math.max(diagnostic.to, diagnostic.from),
        severity: "warning" as const,
        source: "TypeScript",
        message: diagnostic.message,
      }));
    },
    { delay: 400 },
  );
}

/** The type of what is under the pointer, as TypeScript prints it. */
function typeHover(types: () => TypeService | null | undefined): Extension {
  return hoverTooltip(async (view, pos) => {
    const service = types();
    const found =
      service && (await service.hover(view.state.doc.toString(), pos).catch(() => null));
    if (!found) return null;
    return {
      pos: found.from,
      end: found.to,
      above: true,
      create() {
        const dom = document.createElement("div");
        dom.className = "cm-type-tooltip";
        dom.setAttribute("role", "tooltip");
        const type = document.createElement("pre");
        type.textContent = found.type;
        dom.append(type);
        if (found.documentation) {
          const text = document.createElement("p");
          text.textContent = found.documentation;
          dom.append(text);
        }
        return { dom };
      },
    };
  });
}

/**
 * Completion from the type checker (members after `.`, names as they are typed), with the sample
 * data's types and node names where the data completion knows the same path.
 */
export function typedCompletion(
  types: () => TypeService | null | undefined,
  fromData: (context: CompletionContext) => CompletionResult | null,
): CompletionSource {
  return async (context) => {
    const service = types();
    const word = context.matchBefore(/[\w$]*/);
    if (!service || !word) return null;
    const member = context.state.sliceDoc(word.from - 1, word.from) === ".";
    if (word.from === word.to && !member && !context.explicit) return null;
    const found = await service
      .complete(context.state.doc.toString(), context.pos)
      .catch(() => null);
    if (!found || context.aborted) return fromData(context);
    const known = new Map(fromData(context)?.options.map((option) => [option.label, option]));
    return {
      from: word.from,
      options: found.entries.map((entry) => ({
        label: entry.name,
        displayLabel: known.get(entry.name)?.displayLabel,
        detail: known.get(entry.name)?.detail ?? entry.kind,
        type: KINDS[entry.kind] ?? "variable",
      })),
      validFor: /^[\w$]*$/,
    };
  };
}

/** What a TypeScript code field adds: type errors marked, types on hover. */
export const typeExtensions = (types: () => TypeService | null | undefined): Extension[] => [
  typeLinter(types),
  typeHover(types),
];
