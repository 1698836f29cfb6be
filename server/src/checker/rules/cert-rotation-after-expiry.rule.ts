import type { AstNode } from 'langium';
import { formatDuration, parseDuration } from '../../guarantees/index.js';
import * as ast from '../../language/generated/ast.js';
import type { Rule } from './rule.js';

/** A certificate rotated at or after its ttl expires first: handshakes fail in the gap. */
export const certRotationAfterExpiry: Rule = {
    ids: ['cert-rotation-after-expiry'],
    per: 'element',
    run({ reporter, scope }) {
        // Certificates are members of meshes and of elements (services, stores, topics, gateways).
        for (const element of scope.elements) {
            const e = element.ast;
            const members: AstNode[] = 'members' in e ? (e.members as AstNode[]) : [];
            for (const member of members) {
                // By `$type` (a concrete clause type): this looks at every member of every element.
                if (member.$type !== ast.CertificateClause.$type) continue;
                const node = member as ast.CertificateClause;
                if (!node.ttl || !node.rotate) continue;
                const ttl = parseDuration(node.ttl);
                const rotate = parseDuration(node.rotate);
                if (ttl === undefined || rotate === undefined || rotate < ttl) continue;
                reporter.report('cert-rotation-after-expiry', { rotate: formatDuration(rotate), ttl: formatDuration(ttl) }, { node, property: 'rotate' }, {
                    related: [{ node, property: 'ttl' as never, message: `certificates expire after ${formatDuration(ttl)}` }],
                });
            }
        }
    },
};
