// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { renderQrPng, renderQrSvg } from '../../../agent/otp/render-qr.js';

const URI = 'otpauth://totp/Contoso%20MFA:alice%40contoso.com?secret=JBSWY3DPEHPK3PXP&issuer=Contoso%20MFA&algorithm=SHA1&digits=6&period=30';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('renderQrPng', () => {
  test('writes a PNG whose IHDR is a square of 6 px per module, quiet zone included', async () => {
    const png = await renderQrPng(URI);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBe(height);
    const modules = width / 6 - 8;
    expect(Number.isInteger(modules) && modules >= 21 && (modules - 17) % 4 === 0).toBe(true);
  });

  test('text beyond QR capacity is ERR_INVALID_INPUT', async () => {
    await expect(renderQrPng('x'.repeat(5000))).rejects.toMatchObject({ code: 'ERR_INVALID_INPUT' });
  });
});

describe('renderQrSvg', () => {
  test('writes an SVG document with a path for the dark modules', async () => {
    const svg = await renderQrSvg(URI);
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/<path [^>]*d="M[^"]+"/);
    expect(svg.trimEnd()).toMatch(/<\/svg>$/);
  });

  test('text beyond QR capacity is ERR_INVALID_INPUT', async () => {
    await expect(renderQrSvg('x'.repeat(5000))).rejects.toMatchObject({ code: 'ERR_INVALID_INPUT' });
  });
});
