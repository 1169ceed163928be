// SPDX-License-Identifier: UNLICENSED
import { createSigningKeys } from '../federation/keys/create-signing-keys.js';
import { signingCommonName } from '../federation/keys/signing-common-name.js';
import type { SigningKeys } from '../federation/keys/signing-keys.js';
import type { Runtime, Services } from '../main.js';

/** The token-signing key service over opened services, configured from `federation.signing` and `server.publicUrl`. */
export function signingKeysFor(services: Pick<Services, 'store' | 'vault' | 'audit'>, rt: Runtime): SigningKeys {
  const { signing } = rt.config.federation;
  return createSigningKeys({
    store: services.store, vault: services.vault, audit: services.audit, clock: rt.clock, random: rt.random, logger: rt.logger,
    keyBits: signing.keyBits, validityDays: signing.validityDays, commonName: signingCommonName(rt.config.server.publicUrl),
  });
}
