/** Graph algorithms shared by propagation and the rules; generic over vertices, no Langium. */

/**
 * Strongly connected components (Tarjan, iterative so deep graphs cannot overflow the
 * stack). Components come out successors-first: when a component is emitted, every
 * component it reaches has been emitted before it — a ready-made order for dynamic
 * programming over the condensation.
 */
export function stronglyConnected<V>(vertices: Iterable<V>, successors: (v: V) => readonly V[]): V[][] {
    // One hash lookup per vertex visit (its DFS number); lowlinks and stack membership are
    // arrays indexed by that number.
    const number = new Map<V, number>();
    const low: number[] = [];
    const onStack: boolean[] = [];
    const stack: V[] = [];
    const result: V[][] = [];
    const enter = (v: V): number => {
        const n = low.length;
        number.set(v, n);
        low.push(n);
        onStack.push(true);
        stack.push(v);
        return n;
    };
    for (const root of vertices) {
        if (number.has(root)) continue;
        const work: { v: V; n: number; next: readonly V[]; i: number }[] = [{ v: root, n: enter(root), next: successors(root), i: 0 }];
        while (work.length > 0) {
            const frame = work[work.length - 1];
            if (frame.i < frame.next.length) {
                const w = frame.next[frame.i++];
                const m = number.get(w);
                if (m === undefined) {
                    work.push({ v: w, n: enter(w), next: successors(w), i: 0 });
                } else if (onStack[m]) {
                    low[frame.n] = Math.min(low[frame.n], m);
                }
                continue;
            }
            work.pop();
            if (work.length > 0) {
                const parent = work[work.length - 1];
                low[parent.n] = Math.min(low[parent.n], low[frame.n]);
            }
            if (low[frame.n] === frame.n) {
                const members: V[] = [];
                let w: V;
                do {
                    w = stack.pop()!;
                    onStack[number.get(w)!] = false;
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
