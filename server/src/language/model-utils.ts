import type { Element, Model } from './generated/ast.js';
import { isDomain } from './generated/ast.js';

/** All elements of one file, at top level or inside a domain, in source order. */
export function* elementsOf(model: Model): Generator<Element> {
    for (const item of model.items) {
        if (isDomain(item)) {
            yield* item.elements;
        } else {
            yield item;
        }
    }
}
