import type { InngestFunction } from "inngest";

/** Every Inngest function Weft serves (the flow-run function joins here with the engine). */
export const functions: InngestFunction.Any[] = [];
