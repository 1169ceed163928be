// SPDX-License-Identifier: UNLICENSED
/** The public face of `agent/config/`: load and validate the configuration, warn about unsafe settings, render its docs. */
export { loadConfig } from './load-config.js';
export type { LoadConfigOptions } from './load-config.js';
export type { ResolvedConfig } from './resolve-config.js';
export type { AppConfig, ConfigKeyMeta } from './schema.js';
export { configWarnings } from './config-warnings.js';
export { describeConfig, envVarName } from './describe-config.js';
export type { ConfigKeyRow } from './describe-config.js';
export { renderConfigDoc, REGENERATE_CONFIG_DOC } from './render-config-doc.js';
export { parseListen, isLoopbackHost } from './parse-listen.js';
export type { ListenAddress } from './parse-listen.js';
