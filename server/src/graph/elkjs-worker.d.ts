// elkjs ships types for `elk-worker.js` only; the minified build exports the same thing:
// the in-process worker (`Worker`, also `default`) that the elkjs API talks to.
declare module 'elkjs/lib/elk-worker.min.js' {
    const FakeWorker: new (url?: string) => unknown;
    export { FakeWorker as Worker };
    export default FakeWorker;
}
