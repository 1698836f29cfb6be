/** Graph algorithms shared by propagation and the rules; generic over vertices, no Langium. */

/**
 * Strongly connected components (Tarjan, iterative so deep graphs cannot overflow the
 * stack). Components come out successors-first: when a component is emitted, every
 * component it reaches has been emitted before it — a ready-made order for dynamic
 * programming over the condensation.
 */
export function stronglyConnected<V>(vertices: Iterable<V>, successors: (v: V) => readonly V[]): V[][] {
    const index = new Map<V, number>();
    const low = new Map<V, number>();
    const onStack = new Set<V>();
    const stack: V[] = [];
    const result: V[][] = [];
    let counter = 0;
    for (const root of vertices) {
        if (index.has(root)) continue;
        const work: { v: V; next: readonly V[]; i: number }[] = [{ v: root, next: successors(root), i: 0 }];
        index.set(root, counter); low.set(root, counter); counter++;
        stack.push(root); onStack.add(root);
        while (work.length > 0) {
            const frame = work[work.length - 1];
            if (frame.i < frame.next.length) {
                const w = frame.next[frame.i++];
                if (!index.has(w)) {
                    index.set(w, counter); low.set(w, counter); counter++;
                    stack.push(w); onStack.add(w);
                    work.push({ v: w, next: successors(w), i: 0 });
                } else if (onStack.has(w)) {
                    low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
                }
                continue;
            }
            work.pop();
            if (work.length > 0) {
                const parent = work[work.length - 1].v;
                low.set(parent, Math.min(low.get(parent)!, low.get(frame.v)!));
            }
            if (low.get(frame.v) === index.get(frame.v)) {
                const members: V[] = [];
                let w: V;
                do {
                    w = stack.pop()!;
                    onStack.delete(w);
                    members.push(w);
                } while (w !== frame.v);
                result.push(members);
            }
        }
    }
    return result;
}

/**
 * A shortest path `from → … → to` through vertices accepted by `inside` (breadth-first,
 * linear in the arcs visited). Used to name one concrete cycle of a strongly connected
 * component: call it with the head and the tail of one arc of the component.
 */
export function shortestPath<V, A>(from: V, to: V, arcs: (v: V) => readonly A[], head: (a: A) => V, inside: (v: V) => boolean): A[] | undefined {
    const via = new Map<V, { arc: A; tail: V }>();
    const seen = new Set<V>([from]);
    const queue: V[] = [from];
    for (let i = 0; i < queue.length; i++) {
        const v = queue[i];
        for (const a of arcs(v)) {
            const w = head(a);
            if (w === to) {
                const path: A[] = [a];
                for (let at = v; at !== from;) {
                    const step = via.get(at)!;
                    path.push(step.arc);
                    at = step.tail;
                }
                return path.reverse();
            }
            if (seen.has(w) || !inside(w)) continue;
            seen.add(w);
            via.set(w, { arc: a, tail: v });
            queue.push(w);
        }
    }
    return undefined;
}
