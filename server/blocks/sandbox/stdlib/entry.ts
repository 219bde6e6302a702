/**
 * The sandbox's standard library, bundled (esbuild, see build.cjs) and evaluated once per worker;
 * every execution starts from the snapshot taken after it (image.cjs), so an import costs nothing
 * at run time and no execution sees another's changes. The list is lib/code/stdlib.ts.
 */
import * as dateFnsTz from "@date-fns/tz";
import * as dateFns from "date-fns";
import * as fastXmlParser from "fast-xml-parser";
import * as lodash from "lodash-es";
import * as papaparse from "papaparse";
import * as uuid from "uuid";
import * as zod from "zod";
import type { StdlibModule } from "@/lib/code/stdlib";
import * as weftCrypto from "./crypto";
import { installGlobals } from "./globals";

/** A module as `require` returns it: an ES namespace, marked so default imports find `default`. */
const esm = (namespace: object) => Object.freeze({ ...namespace, __esModule: true });

const modules: Record<StdlibModule, unknown> = {
  "lodash-es": esm(lodash),
  "date-fns": esm(dateFns),
  "@date-fns/tz": esm(dateFnsTz),
  papaparse: esm(papaparse),
  "fast-xml-parser": esm(fastXmlParser),
  zod: esm(zod),
  uuid: esm(uuid),
  "@weft/crypto": esm(weftCrypto),
};
installGlobals(modules);
delete globalThis.__weftHost;
