// Node's own headers beside its binary (/usr/include/node for /usr/bin/node), or the folder
// npm_config_nodedir names: with them node-gyp downloads nothing.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function localNodeDir() {
  const candidates = [process.env.npm_config_nodedir, join(dirname(process.execPath), '..')].filter(Boolean);
  return candidates.find((dir) => existsSync(join(dir, 'include', 'node', 'node_api.h')) && existsSync(join(dir, 'include', 'node', 'common.gypi')));
}
