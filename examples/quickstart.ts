/**
 * aredis quickstart: `pnpm demo`.
 *
 * Talks to the server in REDIS_URL when it is set (it only touches keys under `aredis-demo:`
 * and deletes them afterwards); otherwise starts a throwaway redis-server on a free port.
 *
 * `@aredis/*` resolve through the packages' exports to their built `dist/` (`pnpm install`
 * builds them). In a checkout, the demo says so when a package's sources are newer than its
 * build (run `pnpm build`), and when there is no build at all.
 */
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { RedisServer } from '@aredis/testing';

const PREFIX = 'aredis-demo:';

async function main(): Promise<void> {
  warnIfBuildIsStale();
  const url = process.env.REDIS_URL === '' ? undefined : process.env.REDIS_URL;
  let server: RedisServer | undefined;
  if (url === undefined) {
    if (!onPath('redis-server')) {
      console.error(
        'The demo needs a Redis server. Either set REDIS_URL (e.g. REDIS_URL=redis://localhost:6379),\n' +
          'or install redis-server so that the demo can start a throwaway one:\n' +
          '  Debian/Ubuntu: apt-get install redis-server\n' +
          '  macOS:         brew install redis',
      );
      process.exit(1);
    }
    const { startServer } = await import('@aredis/testing');
    server = await startServer({ unixSocket: true });
    console.log(`started a throwaway redis-server on ${server.host}:${server.port}`);
  }
  try {
    await demo(url ?? `redis://${server!.host}:${server!.port}`, server?.socketPath);
  } finally {
    await server?.stop();
  }
}

async function demo(url: string, socketPath: string | undefined): Promise<void> {
  // Imported dynamically (as @aredis/testing is), so that a missing build is explained.
  const { StrictRedis, Connection, ConnectionPool, isNativeParserAvailable } = await import('@aredis/client');
  const k = (name: string): string => PREFIX + name;

  section('set / get (replies are Buffers by default)');
  const r = StrictRedis.fromUrl(url);
  console.log('set', await r.set(k('greeting'), 'hello', { ex: 60 }));
  console.log('get', await r.get(k('greeting')));
  console.log('set nx on an existing key', await r.set(k('greeting'), 'again', { nx: true }));
  console.log('set with get (old value)', await r.set(k('greeting'), 'hello, world', { get: true }));
  console.log('native parser in use:', isNativeParserAvailable());

  section('decodeResponses: strings instead of Buffers (the return types follow)');
  const text = StrictRedis.fromUrl(url, { decodeResponses: true });
  const greeting: string | null = await text.get(k('greeting'));
  console.log('get', greeting);

  section('incr, expire / ttl, delete');
  console.log('incr', await text.incr(k('counter')), 'incrby 10', await text.incrby(k('counter'), 10));
  console.log('expire', await text.expire(k('counter'), 100), 'ttl', await text.ttl(k('counter')));
  console.log('delete', await text.delete(k('counter')), 'then exists', await text.exists(k('counter')));

  section('mset / mget');
  await text.mset({ [k('a')]: 1, [k('b')]: 'two', [k('c')]: 3.5 });
  console.log('mget', await text.mget([k('a'), k('b'), k('c'), k('missing')]));

  section('scanIter');
  const keys: string[] = [];
  for await (const key of text.scanIter({ match: `${PREFIX}*`, count: 100 })) keys.push(key);
  console.log('keys', keys.sort());

  section('info and configGet (shaped by response callbacks)');
  const info = await text.info('server');
  console.log('redis_version', info.redis_version, 'tcp_port', info.tcp_port);
  console.log('configGet', await text.configGet('maxmemory*'));

  section('response callbacks: per instance and in a subclass');
  text.setResponseCallback('GET', (reply) => (reply === null ? null : `«${String(reply)}»`));
  console.log('get with an instance callback', await text.get(k('greeting')));
  class Counting extends StrictRedis<true> {
    static override RESPONSE_CALLBACKS = {
      ...StrictRedis.RESPONSE_CALLBACKS,
      STRLEN: (reply: unknown) => `${String(reply)} bytes`,
    };
  }
  const counting = new Counting({ connectionPool: text.connectionPool });
  console.log('strlen through a subclass table', await counting.strlen(k('greeting')));

  section('a custom connection class');
  if (url.startsWith('redis://')) {
    class MeteredConnection extends Connection {
      writes = 0;
      bytesOut = 0;
      protected override async createSocket(signal: AbortSignal): Promise<Duplex> {
        const socket = await super.createSocket(signal);
        const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
        socket.write = ((chunk: Buffer) => {
          this.writes++;
          this.bytesOut += chunk.length;
          return write(chunk);
        }) as typeof socket.write;
        return socket;
      }
    }
    const pool = ConnectionPool.fromUrl(url, { connectionClass: MeteredConnection });
    const metered = new StrictRedis({ connectionPool: pool });
    await metered.ping(); // connects (the handshake is written first)
    const connection = pool.connections()[0] as InstanceType<typeof MeteredConnection>;
    const [writes, bytes] = [connection.writes, connection.bytesOut];
    await Promise.all([metered.get(k('a')), metered.get(k('b')), metered.get(k('c'))]);
    console.log(
      `3 GETs issued in one tick: ${connection.writes - writes} socket write, ${connection.bytesOut - bytes} bytes`,
    );
    await pool.disconnect();
  } else {
    console.log('(shown with redis:// URLs only)');
  }

  section('pipeline: MULTI/EXEC in one write; transaction() retries on WatchError');
  const plain = StrictRedis.fromUrl(url, { decodeResponses: true }); // no instance callbacks
  const replies = await plain.pipeline().set(k('counter'), 1).incr(k('counter')).get(k('counter')).execute();
  console.log('pipeline replies', replies);
  const doubled = await plain.transaction(
    async (pipe) => {
      const current = Number(await pipe.get(k('counter')));
      pipe.multi().set(k('counter'), current * 2); // multi() hands back the buffering Pipeline
    },
    [k('counter')],
  );
  console.log('transaction', doubled, 'counter now', await plain.get(k('counter')));

  section('pubsub: subscribe, publish from the client, getMessage');
  const ps = plain.pubsub({ ignoreSubscribeMessages: true });
  await ps.subscribe(k('news'));
  console.log('receivers', await plain.publish(k('news'), 'hello subscribers'));
  const message = await ps.getMessage({ timeout: 1000 });
  console.log('message', message);
  await ps.close();

  section('a Lua script (EVALSHA, loaded on NOSCRIPT) and a lock');
  const incrBy = plain.registerScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");
  console.log('script', await incrBy({ keys: [k('counter')], args: [5] }));
  const lock = plain.lock(k('lock'), { timeout: 5 });
  console.log('lock acquired', await lock.acquire(), 'owned', await lock.owned());
  await lock.release();
  console.log('released; locked', await lock.locked());
  await plain.delete(k('counter'));
  await plain.close();

  if (socketPath !== undefined) {
    section('unix socket');
    const local = new StrictRedis({ unixSocketPath: socketPath, decodeResponses: true });
    console.log('get over', socketPath, '→', await local.get(k('b')));
    await local.close();
  }

  // Leave the server as we found it.
  await text.delete(...keys, k('greeting'));
  await r.close();
  await text.close();
  console.log('\ndone');
}

function section(title: string): void {
  console.log(`\n== ${title}`);
}

/** In a checkout: warn when a package's sources changed after its dist/ was built. */
function warnIfBuildIsStale(): void {
  const packages = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages');
  if (!existsSync(packages)) return;
  const stale: string[] = [];
  for (const name of readdirSync(packages)) {
    const built = join(packages, name, 'dist', 'index.js');
    const src = join(packages, name, 'src');
    if (existsSync(built) && existsSync(src) && newestChange(src) > statSync(built).mtimeMs) stale.push(name);
  }
  if (stale.length > 0) {
    console.warn(`note: the build of ${stale.join(', ')} is older than its sources; \`pnpm build\` to run the current code\n`);
  }
}

function newestChange(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function onPath(command: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

main().catch((error: unknown) => {
  if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes('@aredis/')) {
    console.error('The @aredis packages are not built: run `pnpm install` (it builds them) or `pnpm build`.\n');
  }
  console.error(error);
  process.exit(1);
});
