// A throwaway self-signed certificate for loopback TLS (the simulation, tests, the bench), made by
// Debian's openssl: an EC P-256 key for CN=shop.localhost, valid one day.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function selfSignedCert(): { cert: string; key: string; certPem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tally-edge-cert-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=shop.localhost', '-addext', 'subjectAltName=DNS:shop.localhost,IP:127.0.0.1', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key, certPem: readFileSync(cert, 'utf8') };
}
