import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colours only for a person at a terminal. picocolors alone also turns them on when `CI`
 * is set, which would put escape codes into piped output (`meshspec check | tee log`).
 * Here an explicit `--color` / `--no-color` wins, then NO_COLOR, then FORCE_COLOR;
 * otherwise the stream must be a TTY whose TERM is not `dumb`.
 */
export function colorsFor(stream: NodeJS.WriteStream, flag?: boolean, env: NodeJS.ProcessEnv = process.env): Colors {
    return pc.createColors(wantsColor(stream, flag, env));
}

function wantsColor(stream: NodeJS.WriteStream, flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
    if (flag !== undefined) return flag;
    if (env.NO_COLOR) return false;
    if (env.FORCE_COLOR) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
    return stream.isTTY === true && env.TERM !== 'dumb';
}
