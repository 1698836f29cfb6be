// The guarantee algebra's public surface. This folder knows nothing about Langium, LSP or
// VS Code: the checker, the CLI, the server and the tests all reason with these functions.

export { DURATION_UNITS, formatDuration, parseDuration } from './duration.js';
export type { Auth, ComponentName, ComponentValues, Idempotence, Order, Recency, Scope, Visibility } from './lattice.js';
export {
    AUTH, COMPONENTS, COMPONENT_LABELS, EO, FRESH, IDEM, KEYED_SCOPES, NOT_IDEM, NO_AUTH, ORDERS, SCOPES, STALE, VISIBILITIES,
    authOf, bs, canonicalMechanism, componentOfPosition, equalComponent, idem, identicalComponent, leq, meetComponent,
} from './lattice.js';
export type { Requirement, Vector } from './vector.js';
export {
    BOTTOM, TOP, addRecency, compose, equalVector, formatComponent, formatRequirement, formatVector, identicalVector, join,
    leqVector, meet, requirementOf, satisfies,
} from './vector.js';
export type { ParsedComponent, ParsedVector, ValueDoc } from './component-values.js';
export {
    AUTH_MECHANISM_DOCS, COMPONENT_VALUE_DOCS, describeComponent, expectedValues, parseComponent, parseComponentText,
    parseRequirementText, parseVectorText,
} from './component-values.js';
