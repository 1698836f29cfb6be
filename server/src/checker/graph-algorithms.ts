/** Graph algorithms shared by propagation and the rules; generic over vertices, no Langium. */

/**
 * Strongly connected components (Tarjan, iterative so deep graphs cannot overflow the
 * stack). Components come out successors-first: when a component is emitted, every
 * component it reaches has been emitted before it — a ready-made order for dynamic
 * programming over the condensation. A vertex's successors are `successor(v, 0)` …
 * `successor(v, degree(v) - 1)`, so no list is built per vertex.
 *
 * `position(v)`, when given, is the vertex's position in `vertices` (its index in a
 * model's per-node table, say): DFS numbers then live in an array instead of a Map, which
 * is most of the cost on the graphs the checker rebuilds on every analysis.
 */
export function stronglyConnected<V>(vertices: readonly V[], degree: (v: V) => number, successor: (v: V, i: number) => V, position?: (v: V) => number): V[][] {
    // One lookup per vertex visit (its DFS number); lowlinks, stack membership and the
    // DFS frames (vertex, number, next successor) are arrays.
    const numbers = position ? new Int32Array(vertices.length).fill(-1) : undefined;
    const byVertex = position ? undefined : new Map<V, number>();
    const numberOf = (v: V): number => numbers ? numbers[position!(v)] : byVertex!.get(v) ?? -1;
    const low: number[] = [];
    const onStack: boolean[] = [];
    const stack: V[] = [];
    const result: V[][] = [];
    const frameV: V[] = [];
    const frameN: number[] = [];
    const frameI: number[] = [];
    const enter = (v: V): void => {
        const n = low.length;
        if (numbers) numbers[position!(v)] = n;
        else byVertex!.set(v, n);
        low.push(n);
        onStack.push(true);
        stack.push(v);
        frameV.push(v);
        frameN.push(n);
        frameI.push(0);
    };
    for (let r = 0; r < vertices.length; r++) {
        const root = vertices[r];
        if (numberOf(root) >= 0) continue;
        enter(root);
        while (frameV.length > 0) {
            const top = frameV.length - 1;
            const v = frameV[top];
            const n = frameN[top];
            const i = frameI[top];
            if (i < degree(v)) {
                frameI[top] = i + 1;
                const w = successor(v, i);
                const m = numberOf(w);
                if (m < 0) enter(w);
                else if (onStack[m] && m < low[n]) low[n] = m;
                continue;
            }
            frameV.pop();
            frameN.pop();
            frameI.pop();
            if (top > 0 && low[n] < low[frameN[top - 1]]) low[frameN[top - 1]] = low[n];
            if (low[n] === n && stack[stack.length - 1] === v) {
                // Most components are one vertex.
                stack.pop();
                onStack[n] = false;
                result.push([v]);
            } else if (low[n] === n) {
                const members: V[] = [];
                let w: V;
                do {
                    w = stack.pop()!;
                    onStack[numberOf(w)] = false;
                    members.push(w);
                } while (w !== v);
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
