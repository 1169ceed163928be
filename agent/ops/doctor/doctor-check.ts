// SPDX-License-Identifier: UNLICENSED
/** One line of `mfa-appliance doctor`. `fail` makes the command exit 1; `warn` does not. */
export interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail' | 'skipped';
  detail: string;
  /** What to do about a warn or fail. */
  fix?: string;
  data?: Record<string, unknown>;
}

export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
