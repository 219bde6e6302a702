/** What the type checker says about a code node (server/code/typecheck.ts). */
export interface TypeDiagnostic {
  /** Offsets in the code, and the 1-based line and column of `from`. */
  from: number;
  to: number;
  line: number;
  column: number;
  code: number;
  message: string;
}

export interface TypeHover {
  from: number;
  to: number;
  /** The declaration as TypeScript prints it, e.g. `const items: { id: number; }[]`. */
  type: string;
  documentation: string;
}

export interface TypeCompletions {
  /** True after a `.`: the entries are members. */
  member: boolean;
  entries: { name: string; kind: string }[];
}

/** The type checker as the code editor uses it, for one node. */
export interface TypeService {
  check(code: string): Promise<TypeDiagnostic[]>;
  hover(code: string, offset: number): Promise<TypeHover | null>;
  complete(code: string, offset: number): Promise<TypeCompletions | null>;
}
