// SPDX-License-Identifier: UNLICENSED
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_EVENTS } from '../../../agent/audit/audit-events.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('audit events written by the code', () => {
  const used = new Map<string, string>();
  for (const file of [...sources('agent'), ...sources('web')]) {
    for (const m of readFileSync(file, 'utf8').matchAll(/event: (?:[^'\n]*\? )?'([a-z_]+\.[a-z_]+)'/g)) used.set(m[1] ?? '', file);
    for (const m of readFileSync(file, 'utf8').matchAll(/\? '([a-z_]+\.[a-z_]+)' : '([a-z_]+\.[a-z_]+)'/g)) {
      used.set(m[1] ?? '', file);
      used.set(m[2] ?? '', file);
    }
  }

  it('finds the events the foundation writes', () => {
    for (const e of ['user.created', 'user.enabled', 'user.disabled', 'service.started', 'init.completed', 'audit.verified', 'vault.rotated']) {
      expect(used.has(e), e).toBe(true);
    }
  });

  it('every event name in agent/ and web/ is in the catalogue (docs/audit-events.md)', () => {
    const missing = [...used].filter(([e]) => !Object.hasOwn(AUDIT_EVENTS, e)).map(([e, f]) => `${e} (${f})`);
    expect(missing).toEqual([]);
  });
});
