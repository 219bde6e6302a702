/**
 * The sandbox's globals without the libraries: the image code that imports nothing runs in (a
 * small image restores in a fraction of the full one's time). `require` refuses every module.
 */
import { installGlobals } from "./globals";

installGlobals({});
delete globalThis.__weftHost;
