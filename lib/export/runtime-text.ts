/** The part of weft-runtime.ts that exported modules carry: from its marker on, without exports. */
export function runtimeText(file: string): string {
  const marker = "// ---- runtime ----\n";
  const start = file.indexOf(marker);
  if (start < 0) throw new Error("weft-runtime.ts has lost its runtime marker");
  return file.slice(start + marker.length).replace(/^export /gm, "");
}
