import '../polyfill.js';
import { startServer } from './server.js';

// The language server bundle (out/server.cjs): `node out/server.cjs --stdio`.
startServer();
