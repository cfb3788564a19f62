/**
 * `import.meta.url` for the CommonJS build only: tsup.config.ts injects this file into that
 * build and points `import.meta.url` at it (instead of tsup's own shim, whose source map entry
 * would name a file outside the package).
 */
export const importMetaUrl: string = require('node:url').pathToFileURL(__filename).href;
