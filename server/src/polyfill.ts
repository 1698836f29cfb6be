// chevrotain 13 (used by Langium 4.4) calls Object.groupBy, which Node 20 lacks.
// Every entry point imports this module first.
if (typeof (Object as { groupBy?: unknown }).groupBy !== 'function') {
    Object.defineProperty(Object, 'groupBy', {
        configurable: true,
        writable: true,
        value: function groupBy<T, K extends PropertyKey>(items: Iterable<T>, key: (item: T, index: number) => K): Partial<Record<K, T[]>> {
            const groups = Object.create(null) as Partial<Record<K, T[]>>;
            let index = 0;
            for (const item of items) {
                const k = key(item, index++);
                (groups[k] ??= []).push(item);
            }
            return groups;
        },
    });
}
export {};
