// SPDX-License-Identifier: UNLICENSED
/**
 * The console as the daemon serves it (agent/main.ts wiring): the staff sign-in leads to the programming
 * form, which lists pcscd's virtual readers through the daemon's own device manager; the page's script is
 * served; without a session every console path goes to sign-in.
 */
import { describe, expect, it } from 'vitest';
import { useTestAppliance } from '../helpers/open-test-services.js';
import { HELEN, openSigninWorld, walkSignin } from '../helpers/signin-world.js';
import { createWebClient } from '../helpers/web-client.js';
import { VIRTUAL_READERS } from '../helpers/pcscd.js';
import { withAllVirtualReaders } from '../helpers/vpcd-card.js';

const start = useTestAppliance();

describe('the daemon serves the helpdesk console', () => {
  it('sends a visitor without a session to the staff sign-in', async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const res = await client.get('/helpdesk/tokens/program');
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/helpdesk/signin?returnTo=${encodeURIComponent('/helpdesk/tokens/program')}`);
    const script = await client.get('/static/program-token.js');
    expect(script.status).toBe(200);
    expect(script.body).toContain('EventSource');
  });

  // The daemon's PC/SC backend watches every reader (and touches each card it is shown): hold them all.
  it('after the staff sign-in, the programming form lists the virtual readers', () => withAllVirtualReaders(async () => {
    const w = await openSigninWorld(start);
    const client = createWebClient(w.url);
    const done = await walkSignin(client, await client.get('/helpdesk/signin?returnTo=/helpdesk/tokens/program'), { upn: HELEN, code: w.code() });
    expect(done.location).toBe('/helpdesk/tokens/program');
    const form = await client.get('/helpdesk/tokens/program');
    expect(form.status).toBe(200);
    expect(form.headers['content-security-policy']).toContain("script-src 'self'");
    for (const reader of VIRTUAL_READERS) expect(form.body).toContain(reader.name);
    await w.appliance.stop();
  }));
});
