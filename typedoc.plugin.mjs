// A TypeDoc plugin for `pnpm docs`: names each entry point's module after the package (and
// subpath) a user imports it by, `@aredis/resp-parser/vectors` rather than `resp-parser/src/vectors`.
import { readFileSync } from 'node:fs';
import { Converter, ReflectionKind } from 'typedoc';

const SOURCE = /^(?:packages\/)?([^/]+)\/src(?:\/(.+))?$/;

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getChildrenByKind(ReflectionKind.Module)) {
      const match = SOURCE.exec(module.name);
      if (!match) continue;
      const [, folder, subpath] = match;
      const manifest = JSON.parse(readFileSync(new URL(`./packages/${folder}/package.json`, import.meta.url), 'utf8'));
      const suffix = subpath === undefined || subpath === 'index' ? '' : `/${subpath}`;
      module.name = `${manifest.name}${suffix}`;
    }
  });
}
