// The output formats of `meshspec check`, each rendered from one `CheckReport`.
export type { CheckReport, OneBasedPosition, OneBasedRange, Summary } from './report.js';
export { oneBased, plural, summarize } from './report.js';
export { renderJson, toJsonReport, type JsonDiagnostic, type JsonReport } from './json.js';
export { renderSarif, toSarif, SARIF_SCHEMA } from './sarif.js';
export { renderGithub, escapeData, escapeProperty } from './github.js';
export { renderPretty, codeFrame, type FrameRow } from './pretty.js';
