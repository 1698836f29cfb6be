// The one script that produces server/src/language/generated/ and the TextMate grammar.
// Usage: node scripts/langium-generate.mjs   (npm run langium:generate)
import './load-polyfill.mjs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../node_modules/langium-cli/bin/langium.js', import.meta.url));
const result = spawnSync(process.execPath, ['--import', new URL('./load-polyfill.mjs', import.meta.url).href, cli, 'generate'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
