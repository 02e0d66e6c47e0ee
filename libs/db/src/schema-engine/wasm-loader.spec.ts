import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { glueToFunctionBody, loadSchemaEngineWasm } from './wasm-loader';

describe('schema engine wasm loader', () => {
  it('turns the glue module into a function body returning its exports', () => {
    const body = glueToFunctionBody(
      [
        'let wasm;',
        'export function __wbg_set_wasm(val) { wasm = val; }',
        'export function version() { return "v"; }',
        'export class SchemaEngine {}',
      ].join('\n'),
    );
    const exports = new Function('setTimeout', body)(setTimeout) as Record<string, unknown>;
    expect(Object.keys(exports).sort()).toEqual(['SchemaEngine', '__wbg_set_wasm', 'version']);
  });

  it('refuses module syntax it does not know, rather than half-working', () => {
    expect(() => glueToFunctionBody('import x from "./y.wasm";\nexport function SchemaEngine() {}')).toThrow(
      /Unexpected module syntax/,
    );
    expect(() => glueToFunctionBody('export function version() {}')).toThrow(/does not export SchemaEngine/);
  });

  it('loads the real engine inside Jest (no --experimental-wasm-modules)', () => {
    const packageDir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
    const wasm = loadSchemaEngineWasm();
    expect(pkg.version.endsWith(wasm.version())).toBe(true);
    expect(typeof wasm.SchemaEngine.new).toBe('function');
    expect(loadSchemaEngineWasm()).toBe(wasm);
  });
});
