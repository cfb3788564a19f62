import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StartupError } from './errors.js';
import { makeTempDir } from './launch.js';

const run = promisify(execFile);

/** PEM text and file paths of one certificate and its key. */
export interface CertificatePair {
  cert: string;
  key: string;
  certPath: string;
  keyPath: string;
}

/** A throwaway CA with a server certificate (localhost, 127.0.0.1, ::1) and a client certificate. */
export interface TestCertificates {
  ca: string;
  caPath: string;
  server: CertificatePair;
  client: CertificatePair;
}

/** What a TLS client needs: the CA to trust, and a client certificate for mutual TLS. Paths are for redis-cli. */
export interface ClientTls {
  ca: string;
  cert: string;
  key: string;
  caPath: string;
  certPath: string;
  keyPath: string;
  /** The name the server certificate is valid for (also valid: 127.0.0.1). */
  servername: string;
}

/** What a client of a server using these certificates needs. */
export function clientTls(certificates: TestCertificates): ClientTls {
  return {
    ca: certificates.ca,
    cert: certificates.client.cert,
    key: certificates.client.key,
    caPath: certificates.caPath,
    certPath: certificates.client.certPath,
    keyPath: certificates.client.keyPath,
    servername: 'localhost',
  };
}

const CURVE = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new StartupError(`openssl ${args[0]} failed: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
}

async function issue(dir: string, name: string, subject: string, extensions: string, serial: number): Promise<CertificatePair> {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  await openssl(['req', '-new', '-nodes', ...CURVE, '-keyout', keyPath, '-out', join(dir, `${name}.csr`), '-subj', subject], dir);
  await openssl(['x509', '-req', '-in', join(dir, `${name}.csr`), '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', String(serial),
    '-days', '2', '-out', certPath, '-extfile', join(dir, `${name}.ext`)], dir);
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath, keyPath };
}

async function generate(): Promise<TestCertificates> {
  const dir = makeTempDir('certs'); // removed when the process ends
  await openssl(['req', '-x509', '-new', '-nodes', ...CURVE, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2',
    '-subj', '/CN=aredis test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  const [server, client] = await Promise.all([
    issue(dir, 'server', '/CN=localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n', 2),
    issue(dir, 'client', '/CN=aredis test client', 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n', 3),
  ]);
  const caPath = join(dir, 'ca.crt');
  return { ca: readFileSync(caPath, 'utf8'), caPath, server, client };
}

let cached: Promise<TestCertificates> | undefined;

/**
 * The certificates for TLS test servers, made with openssl once per process (EC P-256, valid two
 * days) and removed when the process exits.
 */
export function testCertificates(): Promise<TestCertificates> {
  cached ??= generate().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
