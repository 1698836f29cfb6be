export { QUICK_FIXES, dedupeKey, disableForLine } from './fixes.js';
export type { FixContext, QuickFix } from './fix.js';
