// SPDX-License-Identifier: UNLICENSED
/**
 * The replay guard, the one statement that moves a token's last accepted step/counter: forward only, only
 * in the expected state, so exactly one of any number of concurrent callers with the same counter wins.
 * Parameters: @tokenId, @state, @counter, @drift, @at.
 */
export const ADVANCE_COUNTER_SQL = `UPDATE tokens SET last_counter = @counter, drift = @drift, last_used_at = @at
  WHERE id = @tokenId AND state = @state AND last_counter < @counter`;
