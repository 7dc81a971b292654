import { generate } from 'selfsigned';

export interface EmulatorCertificates {
  /** PEM of the CA that signed the server certificate: the only thing clients need to trust. */
  caCert: string;
  serverCert: string;
  serverKey: string;
}

const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

/**
 * A throwaway CA made at start and a server certificate for 127.0.0.1/localhost signed by it. Elliptic-curve keys keep
 * start-up fast. The CA's key is never written anywhere: nobody can sign anything else with it.
 */
export async function makeCertificates(now: Date = new Date()): Promise<EmulatorCertificates> {
  const notBeforeDate = new Date(now.getTime() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + TEN_YEARS_MS);
  const ca = await generate([{ name: 'commonName', value: 'privatelink-autopilot emulator CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { caCert: ca.cert, serverCert: server.cert, serverKey: server.private };
}
