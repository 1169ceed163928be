// SPDX-License-Identifier: UNLICENSED
import fs from 'node:fs';
import type { ScriptedExchange } from '../../drivers/emulator/scripted-connection.js';

/** One exchange of a transcript: the exact C-APDU expected and the R-APDU (data ‖ SW) to answer, both hex. */
export interface TranscriptStep extends ScriptedExchange {
  /** Where the bytes come from (a token-hardware.md section, or how they were constructed). */
  source?: string;
}

/**
 * Reads `test/fixtures/transcripts/*.jsonl`: one `{"send","recv","source"}` object per line; blank and `#` lines
 * are skipped. Replay it with `ScriptedConnection` (drivers/emulator/scripted-connection.ts).
 */
export function loadTranscript(file: string): TranscriptStep[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => JSON.parse(l) as TranscriptStep);
}
