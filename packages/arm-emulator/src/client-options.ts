import { readFileSync } from 'node:fs';
import type { TokenCredential } from '@azure/core-auth';
import type { AdditionalPolicyConfig } from '@azure/core-client';
import { tlsPolicy, type TlsSettings } from '@azure/core-rest-pipeline';

export interface EmulatorConnection {
  armEndpoint: string;
  caCertPath: string;
}

/** Options every `@azure/arm-*` client accepts; spread them into the client's options. */
export interface EmulatorSdkOptions {
  /** arm-* clients build request URLs from `$host` and token scopes from `endpoint`: both point at the emulator. */
  $host: string;
  endpoint: string;
  credentialScopes: string[];
  /** Trusts the emulator's CA for this client's requests only; verification stays on. */
  additionalPolicies: AdditionalPolicyConfig[];
}

export interface EmulatorClientSetup {
  credential: TokenCredential;
  options: EmulatorSdkOptions;
  /**
   * For raw `@azure/core-rest-pipeline` requests: assign `request.tlsSettings = tlsSettings` after
   * `createPipelineRequest` (its options drop `tlsSettings` in @typespec/ts-http-runtime 0.3), or add `tlsPolicy`.
   */
  tlsSettings: TlsSettings;
}

/** The emulator accepts any bearer token; this one never expires within a run. */
export const emulatorCredential: TokenCredential = {
  getToken: async () => ({ token: 'emulator-token', expiresOnTimestamp: Date.now() + 3600_000 }),
};

export function emulatorClientSetup(connection: EmulatorConnection): EmulatorClientSetup {
  const tlsSettings: TlsSettings = { ca: readFileSync(connection.caCertPath, 'utf8') };
  const endpoint = connection.armEndpoint.replace(/\/+$/, '');
  return {
    credential: emulatorCredential,
    tlsSettings,
    options: {
      $host: endpoint,
      endpoint,
      credentialScopes: [`${endpoint}/.default`],
      additionalPolicies: [{ policy: tlsPolicy(tlsSettings), position: 'perCall' }],
    },
  };
}
