// SPDX-License-Identifier: UNLICENSED
/**
 * Renders docs/config.md from the schema. Pure: the same schema always gives the same text, so a test
 * can compare the committed file with a fresh rendering. `scripts/gen-config-doc.ts` writes it.
 */
import type { ConfigKeyRow } from './describe-config.js';
import { describeConfig, ENV_PREFIX } from './describe-config.js';
import { CONFIG_FILE_ENV } from './read-env-overrides.js';
import { configSchema } from './schema.js';
import { stringifyYaml } from './yaml-adapter.js';

/** The command that regenerates docs/config.md; quoted by the staleness test. */
export const REGENERATE_CONFIG_DOC = 'npm run build && node dist/scripts/gen-config-doc.js';

const INTRO = `# Configuration

mfa-appliance reads one YAML file, named by \`--config FILE\` or the \`${CONFIG_FILE_ENV}\` environment
variable. Without either, every key takes its default. Every key below may be left out.

- **Environment overrides.** Each key can be set by an environment variable, which wins over the
  file: \`${ENV_PREFIX}\` followed by the key path, sections joined with \`__\` and camelCase written as
  SCREAMING_SNAKE (\`store.sqlite.busyTimeoutMs\` → \`MFA_APPLIANCE_STORE__SQLITE__BUSY_TIMEOUT_MS\`).
  Number, boolean and list values are read as YAML (\`5000\`, \`false\`, \`[10.0.0.1, fd00::/8]\`); string
  values are taken verbatim, and \`null\` or \`~\` resets a nullable key. Any other \`${ENV_PREFIX}*\`
  variable is an error.
- **Relative paths** in the file resolve against the file's directory; those from the environment
  resolve against the working directory.
- **Validation** happens once, at start. An unknown key, a wrong type or value, or a missing required
  key stops the program with exit code 2 and a message naming each key path and the bad value.
- **Unsafe settings** (\`demo: true\`, plain HTTP on a non-loopback address, a trusted proxy range of
  \`/0\`, an \`http://\` public URL) log a \`MUST change\` warning at every start.
`;

/** The whole docs/config.md text. */
export function renderConfigDoc(): string {
  const rows = describeConfig();
  const parts = [
    `<!-- Generated from agent/config/schema.ts by scripts/gen-config-doc.ts; do not edit. Regenerate: ${REGENERATE_CONFIG_DOC} -->`,
    INTRO,
    '## Summary\n',
    '| Key | Type | Default | Environment variable |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| [\`${r.path}\`](#${anchor(r.path)}) | \`${cell(r.type)}\` | \`${defaultText(r)}\` | \`${r.envVar}\` |`),
    '',
    '## Defaults as YAML\n',
    '```yaml',
    stringifyYaml(configSchema.parse({})).trimEnd(),
    '```',
    '',
    '## Keys',
    ...sections(rows),
  ];
  return `${parts.join('\n')}\n`;
}

/** Top-level keys first, then one `###` section per top-level object, in schema order. */
function sections(rows: readonly ConfigKeyRow[]): string[] {
  const groups = new Map<string, ConfigKeyRow[]>([['Top-level keys', []]]);
  for (const row of rows) {
    const name = row.segments.length > 1 ? (row.segments[0] as string) : 'Top-level keys';
    groups.set(name, [...(groups.get(name) ?? []), row]);
  }
  const out: string[] = [];
  for (const [name, members] of groups) {
    out.push('', `### ${name}`);
    for (const row of members) {
      out.push('', `#### \`${row.path}\``, '', `**${row.title}.** ${row.description}`, '');
      out.push(`- Type: \`${row.type}\``, `- Default: \`${defaultText(row)}\``, `- Environment: \`${row.envVar}\``);
      if (row.recommendation !== undefined) out.push(`- Recommendation: ${row.recommendation}`);
    }
  }
  return out;
}

function defaultText(row: ConfigKeyRow): string {
  return JSON.stringify(row.default);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** GitHub's heading anchor for `#### \`a.b\``: lower-case, punctuation other than `-` dropped. */
function anchor(path: string): string {
  return path.toLowerCase().replace(/[^a-z0-9 -]/g, '');
}
