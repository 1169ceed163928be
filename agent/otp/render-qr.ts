// SPDX-License-Identifier: UNLICENSED
/**
 * The only importer of `qrcode` (scripts/layering-rules.json): draws enrolment QR codes, usually of an
 * otpauth URI. Loaded lazily, so processes that never enrol a token never load it.
 */
import { MfaError } from '../errors.js';

/** Error correction M (15 %): survives a glare spot on a phone screen while keeping the code small. */
const ERROR_CORRECTION = 'M';
/** Quiet zone of 4 modules, the minimum ISO/IEC 18004 requires around a QR code. */
const MARGIN_MODULES = 4;
/** Pixels per module in the PNG: a 37-module code (a typical otpauth URI) becomes 270 × 270 px. */
const PNG_SCALE = 6;

/** A PNG (8-bit greyscale/palette as `qrcode` writes it) of `text`. Throws `ERR_INVALID_INPUT` when `text` does not fit a QR code. */
export async function renderQrPng(text: string): Promise<Buffer> {
  const qrcode = await import('qrcode');
  try {
    return await qrcode.toBuffer(text, { type: 'png', errorCorrectionLevel: ERROR_CORRECTION, margin: MARGIN_MODULES, scale: PNG_SCALE });
  } catch (err) {
    throw tooLong(err);
  }
}

/** A standalone SVG document of `text` (one `<path>` for the dark modules, scalable). Throws `ERR_INVALID_INPUT` when `text` does not fit. */
export async function renderQrSvg(text: string): Promise<string> {
  const qrcode = await import('qrcode');
  try {
    return await qrcode.toString(text, { type: 'svg', errorCorrectionLevel: ERROR_CORRECTION, margin: MARGIN_MODULES });
  } catch (err) {
    throw tooLong(err);
  }
}

function tooLong(cause: unknown): MfaError {
  return new MfaError('ERR_INVALID_INPUT', 'text does not fit in a QR code', { cause });
}
