import { parser as javascriptParser } from "@lezer/javascript";

const typescriptParser = javascriptParser.configure({ dialect: "ts" });

/** A binding list of an import clause, as a destructuring pattern: `{ a, b as c }` → `a, b: c`. */
function destructured(group: string) {
  return group
    .replace(/^\{|\}$/g, "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part && !part.startsWith("type "))
    .map((part) => part.replace(/^(\S+)\s+as\s+(\S+)$/, "$1: $2"));
}

/** One import declaration as statements that work inside a function (`await import(…)`). */
function rewrite(declaration: string, load: (module: string) => string): string {
  const match = /^import\s+(type\s+)?([\s\S]*?)\s*from\s*(["'])(.+?)\3\s*;?$/.exec(declaration);
  if (!match) {
    const bare = /^import\s*(["'])(.+?)\1/.exec(declaration);
    return bare ? `${load(bare[2]!)};` : declaration;
  }
  const [, typeOnly, clause, , module] = match;
  if (typeOnly) return "";
  const source = load(module!);
  const statements: string[] = [];
  const namespace = /\*\s+as\s+([\w$]+)/.exec(clause!);
  const group = /\{[\s\S]*\}/.exec(clause!);
  const defaultName = /^([\w$]+)\s*(,|$)/.exec(clause!.trim())?.[1];
  const names = [
    ...(defaultName ? [`default: ${defaultName}`] : []),
    ...(group ? destructured(group[0]) : []),
  ];
  if (namespace) statements.push(`const ${namespace[1]} = ${source};`);
  if (names.length)
    statements.push(`const { ${names.join(", ")} } = ${namespace ? namespace[1] : source};`);
  return statements.join(" ");
}

/**
 * A code node's body with its `import` declarations made into `await import(…)` statements
 * where they stood, so the body can live inside a function (exports to TypeScript). `load`
 * gives the expression that loads a module (e.g. `await import("zod")`). Also returns the
 * modules imported.
 */
export function dynamicImports(
  code: string,
  load: (module: string) => string,
  typescript = true,
): { code: string; modules: string[] } {
  const found: { from: number; to: number }[] = [];
  const modules = new Set<string>();
  (typescript ? typescriptParser : javascriptParser).parse(code).iterate({
    enter({ name, from, to, node }) {
      if (name !== "ImportDeclaration") return name === "Script";
      found.push({ from, to });
      const literal = node.getChild("String");
      if (literal) modules.add(code.slice(literal.from + 1, literal.to - 1));
      return false;
    },
  });
  let result = code;
  for (const { from, to } of found.reverse())
    result = result.slice(0, from) + rewrite(code.slice(from, to), load) + result.slice(to);
  return { code: result, modules: [...modules] };
}
