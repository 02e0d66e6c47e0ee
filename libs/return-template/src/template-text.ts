import {
  type Document,
  LineCounter,
  type Node,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  visit,
} from 'yaml';
import type { TemplateError } from './template';

/** Where a path of the document is in its text (1-based), when the format can tell. */
export type Locate = (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;

export type TemplateText =
  { ok: true; document: unknown; locate: Locate } | { ok: false; errors: TemplateError[] };

/** A JSON template document; the positions of JSON values are not kept (the API receives JSON re-serialised). */
export function readJson(text: string): TemplateText {
  try {
    return { ok: true, document: JSON.parse(text), locate: () => undefined };
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: `not json: ${(error as Error).message}` }] };
  }
}

/**
 * A YAML template document (YAML 1.2, core schema: `no` is text, dates are text). One document only;
 * duplicate keys, unresolved tags and aliases, and anything else YAML warns of are errors with their line and
 * column. Anchors and aliases are allowed, up to yaml's limit on alias expansion.
 */
export function readYaml(text: string): TemplateText {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const problems = [
    ...[...doc.errors, ...doc.warnings].map((problem) => ({
      message: problem.message,
      offset: problem.pos[0],
    })),
    ...unresolvedAliases(doc),
  ];
  if (problems.length > 0) {
    return {
      ok: false,
      errors: problems.map(({ message, offset }) => {
        const where = at(offset);
        return {
          path: '',
          message: `not yaml: ${message} (line ${where.line}, column ${where.column})`,
          ...where,
        };
      }),
    };
  }
  let document: unknown;
  try {
    document = doc.toJS();
  } catch (error) {
    // Aliases expanding too far: yaml's guard against alias bombs.
    return { ok: false, errors: [{ path: '', message: `not yaml: ${(error as Error).message}` }] };
  }
  return {
    ok: true,
    document,
    locate: (path) => {
      const node = nodeAt(doc, path);
      return node?.range ? at(node.range[0]) : undefined;
    },
  };
}

/** Aliases to an anchor not set before them (yaml only finds them when converting), with their offsets. */
function unresolvedAliases(doc: Document): { message: string; offset: number }[] {
  const anchors = new Set<string>();
  const unresolved: { message: string; offset: number }[] = [];
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        if (!anchors.has(node.source))
          unresolved.push({
            message: `alias *${node.source} has no anchor &${node.source} before it`,
            offset: node.range?.[0] ?? 0,
          });
      } else if (node.anchor) anchors.add(node.anchor);
    },
  });
  return unresolved;
}

/** The node at a path, or the deepest one on the way to it (a missing field points at its parent). */
function nodeAt(doc: Document, path: readonly PropertyKey[]): Node | undefined {
  let node = resolved(doc, doc.contents);
  for (const segment of path) {
    let next: unknown;
    if (isMap(node))
      next = node.items.find(
        (pair) => isScalar(pair.key) && String(pair.key.value) === String(segment),
      )?.value;
    else if (isSeq(node) && typeof segment === 'number') next = node.items[segment];
    const child = resolved(doc, next);
    if (!child) break;
    node = child;
  }
  return node ?? undefined;
}

function resolved(doc: Document, value: unknown): Node | undefined {
  if (isAlias(value)) return value.resolve(doc) as Node | undefined;
  return value !== null && typeof value === 'object' && 'range' in value ? (value as Node) : undefined;
}
