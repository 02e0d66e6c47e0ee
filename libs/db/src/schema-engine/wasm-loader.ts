// Loads Prisma's schema engine (npm @prisma/schema-engine-wasm) without `--experimental-wasm-modules`,
// in plain Node (dist/) and inside Jest alike.
//
// The package's entry point, schema_engine.js, is an ES module that does `import * as wasm from
// "./schema_engine_bg.wasm"`. Node 20 can only import .wasm with --experimental-wasm-modules, and Jest
// (CommonJS, no --experimental-vm-modules) cannot load ES modules at all: require() fails with "Must use
// import to load ES Module" and import() with ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG.
//
// So we do by hand what that entry point does. Its glue, schema_engine_bg.js, is wasm-bindgen output with
// no imports: only `export function` / `export class` declarations. We evaluate it as a function body
// that returns those declarations, compile the .wasm bytes with the WebAssembly API, and wire the two
// together (__wbg_set_wasm, __wbindgen_start), exactly as schema_engine.js would. One code path for
// `node dist/...`, Jest workers and Jest's globalSetup, and all of it runs in the caller's realm (Jest
// test files have their own globals; wasm-bindgen checks `instanceof Promise` on what adapters return).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

const GLUE_MODULE = '@prisma/schema-engine-wasm/schema_engine_bg';

export interface SchemaEngineWasm {
  SchemaEngine: typeof SchemaEngine;
  version(): string;
}

interface Glue extends SchemaEngineWasm {
  __wbg_set_wasm(exports: unknown): void;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
}

let loaded: SchemaEngineWasm | undefined;

// The engine sets timers (e.g. a 10 s limit on taking the migration advisory lock) and, importing no
// clearTimeout, never cancels them: each would keep Node alive for its full delay after the work is done.
// The glue gets this setTimeout instead, and clearSchemaEngineTimers() cancels what is left once no
// engine is in use.
const pendingTimers = new Set<NodeJS.Timeout>();

function engineSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    pendingTimers.delete(timer);
    callback();
  }, ms);
  pendingTimers.add(timer);
  return timer;
}

/** Cancels the timers the engine left behind. Call only when no engine is running. */
export function clearSchemaEngineTimers(): void {
  for (const timer of pendingTimers) clearTimeout(timer);
  pendingTimers.clear();
}

/** The schema engine, loaded once per module registry (it costs ~50 ms and 5 MB). */
export function loadSchemaEngineWasm(): SchemaEngineWasm {
  loaded ??= instantiate();
  return loaded;
}

/**
 * Forgets the loaded instance. After a Rust panic ("RuntimeError: unreachable") a wasm instance must not
 * be used again; the next loadSchemaEngineWasm() builds a fresh one.
 */
export function discardSchemaEngineWasm(): void {
  loaded = undefined;
}

function instantiate(): SchemaEngineWasm {
  installPanicRegistry();
  const gluePath = require.resolve(GLUE_MODULE);
  const source = readFileSync(gluePath, 'utf8');
  // Evaluating a pinned, generated file in this realm: see the top of this file.
  const evaluate = new Function(
    'setTimeout',
    `${glueToFunctionBody(source)}\n//# sourceURL=${pathToFileURL(gluePath).href}`,
  );
  const glue = evaluate(engineSetTimeout) as Glue;

  const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const bytes = readFileSync(join(dirname(gluePath), 'schema_engine_bg.wasm'));
  const instance = new wasmApi.Instance(new wasmApi.Module(bytes), { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

/**
 * Turns the wasm-bindgen glue module into the body of a function (of `setTimeout`) returning its exports.
 * Refuses anything but top-level `export function` / `export class` declarations, so a future version of
 * the package with imports or other export forms fails here, loudly, instead of half-working.
 */
export function glueToFunctionBody(source: string): string {
  const names: string[] = [];
  const body = source.replace(
    /^export (function|class) ([A-Za-z_$][\w$]*)/gm,
    (_match, kind: string, name: string) => {
      names.push(name);
      return `${kind} ${name}`;
    },
  );
  const leftover = /^\s*(import|export)\b.*$/m.exec(body);
  if (leftover) {
    throw new Error(
      `Unexpected module syntax in ${GLUE_MODULE} ("${leftover[0].trim().slice(0, 80)}"): ` +
        'the schema engine loader in libs/db/src/schema-engine/wasm-loader.ts needs updating for this version',
    );
  }
  for (const required of ['SchemaEngine', '__wbg_set_wasm', 'version']) {
    if (!names.includes(required)) throw new Error(`${GLUE_MODULE} does not export ${required}`);
  }
  return `'use strict';\n${body}\nreturn { ${names.join(', ')} };`;
}

/** The glue reports Rust panic messages to this global, as the Prisma CLI sets it up. */
function installPanicRegistry(): void {
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
  if (g.PRISMA_WASM_PANIC_REGISTRY) return;
  let message = '';
  g.PRISMA_WASM_PANIC_REGISTRY = {
    get: () => message,
    set_message: (value: string) => {
      message = `RuntimeError: ${value}`;
    },
  };
}

/** The last panic message the engine reported, if any. */
export function lastSchemaEnginePanic(): string {
  const registry = (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { get(): string } })
    .PRISMA_WASM_PANIC_REGISTRY;
  return registry?.get() ?? '';
}
