/**
 * The subset of CEL that Inngest functions use in `if` / `match` / concurrency keys:
 * dotted paths over `event` and `async`, string/number/boolean/null literals, comparisons,
 * `&&`, `||`, `!` and parentheses. Anything else is refused when the function registers.
 */
export type Expression = (scope: Record<string, unknown>) => unknown;

type Token = { kind: "op" | "path" | "literal"; value: unknown };

const TOKEN =
  /\s*(?:(==|!=|<=|>=|&&|\|\||[<>!()])|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*))/y;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match)
      throw new Error(`unsupported syntax at position ${at}: "${source.slice(at, at + 12)}"`);
    const [, op, text, number, path] = match;
    if (op) tokens.push({ kind: "op", value: op });
    else if (text)
      tokens.push({ kind: "literal", value: text.slice(1, -1).replace(/\\(.)/g, "$1") });
    else if (number) tokens.push({ kind: "literal", value: Number(number) });
    else if (path === "true" || path === "false")
      tokens.push({ kind: "literal", value: path === "true" });
    else if (path === "null") tokens.push({ kind: "literal", value: null });
    else tokens.push({ kind: "path", value: path });
  }
  return tokens;
}

const resolve = (scope: Record<string, unknown>, path: string) =>
  path
    .split(".")
    .reduce<unknown>(
      (value, key) =>
        value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined,
      scope,
    );

const COMPARE: Record<string, (a: unknown, b: unknown) => boolean> = {
  "==": (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null),
  "!=": (a, b) => JSON.stringify(a ?? null) !== JSON.stringify(b ?? null),
  "<": (a, b) => (a as number) < (b as number),
  "<=": (a, b) => (a as number) <= (b as number),
  ">": (a, b) => (a as number) > (b as number),
  ">=": (a, b) => (a as number) >= (b as number),
};

/** Compiles an expression, or throws an error that says what is not supported. */
export function compile(source: string, roots: string[] = ["event", "async"]): Expression {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const take = (op?: string) => {
    const token = tokens[position];
    if (!token || (op && token.value !== op))
      throw new Error(`expected ${op ?? "a value"} at token ${position + 1}`);
    position += 1;
    return token;
  };

  function primary(): Expression {
    const token = take();
    if (token.kind === "literal") return () => token.value;
    if (token.kind === "path") {
      const path = token.value as string;
      if (!roots.includes(path.split(".")[0] ?? ""))
        throw new Error(`unknown name "${path}" (use ${roots.join(" or ")})`);
      return (scope) => resolve(scope, path);
    }
    if (token.value === "(") {
      const inner = or();
      take(")");
      return inner;
    }
    if (token.value === "!") {
      const operand = primary();
      return (scope) => !operand(scope);
    }
    throw new Error(`unexpected "${String(token.value)}"`);
  }
  function comparison(): Expression {
    const left = primary();
    const op = peek();
    if (op?.kind === "op" && typeof op.value === "string" && op.value in COMPARE) {
      position += 1;
      const right = primary();
      const compare = COMPARE[op.value]!;
      return (scope) => compare(left(scope), right(scope));
    }
    return left;
  }
  function chain(
    next: () => Expression,
    op: string,
    combine: (a: unknown, b: () => unknown) => unknown,
  ) {
    return (): Expression => {
      let left = next();
      while (peek()?.value === op) {
        position += 1;
        const l = left;
        const right = next();
        left = (scope) => combine(l(scope), () => right(scope));
      }
      return left;
    };
  }
  const and = chain(comparison, "&&", (a, b) => Boolean(a) && Boolean(b()));
  const or = chain(and, "||", (a, b) => Boolean(a) || Boolean(b()));

  const expression = or();
  if (position !== tokens.length)
    throw new Error(`unexpected "${String(tokens[position]?.value)}"`);
  return expression;
}
