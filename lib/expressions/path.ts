// Not `$`: in JSONata `$name` is a variable, so such a key needs backticks like any other.
const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** The expression path of a child: `a.b`, `a[0]`, or JSONata's backticks for other names. */
export function childPath(path: string, key: string | number) {
  if (typeof key === "number") return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}.\`${key}\``;
}
