import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ROOT, SERVER_BUNDLE } from './stdio-client.js';

/**
 * Neovim (Debian's 0.7, headless) as a real LSP client of out/server.cjs, per
 * shared/TESTING.md: it opens a sample, waits for diagnostics, asks for a hover and a
 * definition, and writes what it got to a JSON file that the assertions read.
 * CI installs neovim in .ci/run; without it this test fails (it is not skipped).
 */
interface NeovimResult {
    diagnostics: { lnum: number; col: number; code?: string; lspCode?: string; source?: string; severity: number; message: string }[];
    hover: string;
    definition: { uri: string; line: number }[];
    error?: string;
}

const LUA = String.raw`
local out = vim.env.MESH_RESULT
local function finish(result)
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  vim.cmd('qa!')
end
vim.api.nvim_create_autocmd('VimEnter', { callback = function()
  local ok, err = pcall(function()
    local id = vim.lsp.start_client({ name = 'meshspec', cmd = { 'node', vim.env.MESH_SERVER, '--stdio' }, root_dir = vim.env.MESH_ROOT })
    vim.lsp.buf_attach_client(0, id)
    vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
    local diagnostics = {}
    for _, d in ipairs(vim.diagnostic.get(0)) do
      local lsp = (d.user_data or {}).lsp or {}
      table.insert(diagnostics, { lnum = d.lnum, col = d.col, code = d.code, lspCode = lsp.code, source = d.source, severity = d.severity, message = d.message })
    end
    local function position(pattern, delta)
      local line = vim.fn.search(pattern, 'w')
      local col = vim.fn.col('.') - 1 + delta
      return { textDocument = vim.lsp.util.make_text_document_params(0), position = { line = line - 1, character = col } }
    end
    local hover = ''
    local hres = vim.lsp.buf_request_sync(0, 'textDocument/hover', position('store order-views', 8), 10000) or {}
    for _, r in pairs(hres) do
      if r.result and r.result.contents then hover = r.result.contents.value or '' end
    end
    local definition = {}
    local dres = vim.lsp.buf_request_sync(0, 'textDocument/definition', position('step payments.charge', 16), 10000) or {}
    for _, r in pairs(dres) do
      for _, loc in ipairs(r.result or {}) do
        local uri = loc.targetUri or loc.uri
        local range = loc.targetSelectionRange or loc.range
        table.insert(definition, { uri = uri, line = range.start.line })
      end
    end
    finish({ diagnostics = diagnostics, hover = hover, definition = definition })
  end)
  if not ok then finish({ diagnostics = {}, hover = '', definition = {}, error = tostring(err) }) end
end })
`;

describe('Neovim as an LSP client', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshspec-nvim-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('shows diagnostics with rule ids, a hover and go-to-definition', () => {
        expect(inject('meshspecBuildError')).toBe('');
        const which = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
        if (which.error || which.status !== 0) {
            throw new Error('nvim is not installed: this test needs Neovim as a real LSP client (apt-get install -y neovim; .ci/run installs it)');
        }
        const script = join(dir, 'test.lua');
        const result = join(dir, 'result.json');
        writeFileSync(script, LUA);
        const sample = join(ROOT, 'samples', 'checkout.mesh');
        const run = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', script, sample], {
            cwd: ROOT,
            encoding: 'utf8',
            timeout: 60000,
            env: {
                ...process.env,
                XDG_CACHE_HOME: join(dir, 'cache'), XDG_DATA_HOME: join(dir, 'data'), XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config'),
                MESH_RESULT: result, MESH_SERVER: SERVER_BUNDLE, MESH_ROOT: join(ROOT, 'samples'),
            },
        });
        expect(run.error, `nvim did not finish: ${String(run.error)}\n${run.stderr}`).toBeUndefined();
        const got = JSON.parse(readFileSync(result, 'utf8')) as NeovimResult;
        expect(got.error).toBeUndefined();
        const codes = got.diagnostics.map(d => d.code ?? d.lspCode);
        expect(codes).toContain('claim-unsupported');
        expect(got.diagnostics.every(d => d.source === 'meshspec')).toBe(true);
        expect(got.hover).toContain('**store** `order-views`');
        expect(got.definition).toHaveLength(1);
        expect(got.definition[0].uri.endsWith('/samples/checkout.mesh')).toBe(true);
        const lines = readFileSync(sample, 'utf8').split('\n');
        expect(lines[got.definition[0].line]).toMatch(/operation charge/);
    });
});
