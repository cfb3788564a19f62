// Loaded with `node --import` into every README block the tests run: TCP connections to the
// addresses a README shows (localhost:6379, 10.0.0.1:7000, ...) go to the throwaway servers the
// test started instead. AREDIS_README_REDIRECT is a JSON object { "host:port" | "*:port":
// "127.0.0.1:port" }. A connection to port 6379 that is not redirected is refused: a README
// block never reaches the machine's own server, nor another machine.
import net from 'node:net';
import tls from 'node:tls';

const table = JSON.parse(process.env.AREDIS_README_REDIRECT ?? '{}');
const original = net.Socket.prototype.connect;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

function rewrite(options) {
  if (options === null || typeof options !== 'object' || options.path !== undefined || options.port === undefined) return options;
  const host = options.host ?? 'localhost';
  const port = Number(options.port);
  const to = table[`${host}:${port}`] ?? table[`*:${port}`];
  if (to === undefined) {
    if (port === 6379) throw new Error(`a README block tried to reach ${host}:6379 without a redirect`);
    if (!LOOPBACK.has(host)) throw new Error(`a README block tried to reach ${host}:${port}, outside this machine (give it an environment)`);
    return options;
  }
  const at = to.lastIndexOf(':');
  return { ...options, host: to.slice(0, at), port: Number(to.slice(at + 1)) };
}

// A README's hosts (10.0.0.1, ...) stand for the local servers, whose certificates name
// localhost: their certificates are checked (same CA, same rules) as the name they really have.
const redirectedHosts = new Set(Object.keys(table).map((key) => key.slice(0, key.lastIndexOf(':'))).filter((h) => h !== '*'));
const checkServerIdentity = tls.checkServerIdentity;
tls.checkServerIdentity = (host, cert) => checkServerIdentity(redirectedHosts.has(host) ? 'localhost' : host, cert);

net.Socket.prototype.connect = function connect(...args) {
  if (Array.isArray(args[0])) {
    // net.connect()/tls.connect() hand over their normalized [options, callback] array: keep it
    args[0][0] = rewrite(args[0][0]);
  } else if (typeof args[0] === 'object') {
    args[0] = rewrite(args[0]);
  } else if (args[0] !== undefined && typeof args[0] !== 'function') {
    const host = typeof args[1] === 'string' ? args[1] : undefined;
    const callback = args.find((a) => typeof a === 'function');
    const options = rewrite({ port: args[0], host });
    return original.call(this, options, ...(callback ? [callback] : []));
  }
  return original.apply(this, args);
};
