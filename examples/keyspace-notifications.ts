/**
 * Keyspace notifications with PubSub: `pnpm tsx examples/keyspace-notifications.ts`.
 *
 * Talks to the server in REDIS_URL when it is set (it turns notifications on with CONFIG SET,
 * puts the old setting back afterwards, and only touches keys under `aredis-notify:`);
 * otherwise starts a throwaway redis-server on a free port. `@aredis/*` resolve to their built
 * `dist/` (`pnpm install` builds them; `pnpm build` after changing sources).
 */
import { StrictRedis, type DataMessage } from '@aredis/client';
import type { RedisServer } from '@aredis/testing';

const PREFIX = 'aredis-notify:';

async function main(): Promise<void> {
  const fromEnv = process.env.REDIS_URL === '' ? undefined : process.env.REDIS_URL;
  let server: RedisServer | undefined;
  if (fromEnv === undefined) {
    const { startServer } = await import('@aredis/testing');
    server = await startServer();
    console.log(`started a throwaway redis-server on ${server.host}:${server.port}`);
  }
  try {
    await demo(fromEnv ?? server!.url);
  } finally {
    await server?.stop();
  }
}

async function demo(url: string): Promise<void> {
  const r = StrictRedis.fromUrl(url, { decodeResponses: true });
  const db = r.connectionPool.connectionOptions.db ?? 0;
  // K: keyspace channels (__keyspace@<db>__:<key>, the event as data); E: keyevent channels
  // (__keyevent@<db>__:<event>, the key as data); A: every kind of event (g$lshzxet...).
  const previous = (await r.configGet('notify-keyspace-events'))['notify-keyspace-events'] ?? '';
  await r.configSet('notify-keyspace-events', 'KEA');

  const ps = r.pubsub({ ignoreSubscribeMessages: true });
  ps.on('disconnect', (error: Error) => console.log('lost the connection:', error.message));
  ps.on('reconnect', () => console.log('resubscribed; notifications sent meanwhile were missed'));

  // Keyspace channel of every demo key: the message data is the event name.
  await ps.psubscribe(`__keyspace@${db}__:${PREFIX}*`);
  // One keyevent channel with a handler: expirations, whatever the key (data is the key).
  const expired: string[] = [];
  let sawExpiry!: () => void;
  const expiryDone = new Promise<void>((resolve) => (sawExpiry = resolve));
  await ps.subscribe({
    [`__keyevent@${db}__:expired`]: (message: DataMessage<string>) => {
      if (!message.data.startsWith(PREFIX)) return;
      expired.push(message.data);
      sawExpiry();
    },
  });

  const key = `${PREFIX}session`;
  await r.set(key, 'alice');
  await r.append(key, '!');
  await r.pexpire(key, 100);
  await r.hset(`${PREFIX}profile`, { name: 'alice' });
  await r.delete(`${PREFIX}profile`);

  console.log('\n== keyspace events (pattern subscription, read with getMessage)');
  for (let seen = 0; seen < 5; seen++) {
    const message = await ps.getMessage({ timeout: 2000 });
    if (message === null) break;
    if (message.type === 'pmessage') console.log(`${message.channel.slice(`__keyspace@${db}__:`.length)}: ${message.data}`);
  }

  console.log('\n== expirations (a handler on a keyevent channel, called while run() reads)');
  const running = ps.run({ onMessage: (m) => m.type === 'pmessage' && console.log(`  (${m.data} on ${m.channel})`) });
  await Promise.race([expiryDone, new Promise((resolve) => setTimeout(resolve, 3000))]);
  await running.stop();
  console.log('expired:', expired.length > 0 ? expired.join(', ') : '(none within 3 s)');

  await ps.close();
  await r.configSet('notify-keyspace-events', previous);
  await r.close();
  console.log('\ndone');
}

main().catch((error: unknown) => {
  if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes('@aredis/')) {
    console.error('The @aredis packages are not built: run `pnpm install` (it builds them) or `pnpm build`.\n');
  }
  console.error(error);
  process.exit(1);
});
