// A second, independent reader for .docx files: opens the OOXML zip (JSZip) and reads word/document.xml, its
// headers and footers with plain XML scanning, without the docx library, so a test can check what Word will
// show: paragraphs, tables, pictures with their alt text, the page header and footer.
import JSZip from 'jszip';

export interface DocxImage {
  /** The zip path of the picture (word/media/…) and its bytes. */
  path: string;
  content: Buffer;
  /** Alt text, as wp:docPr carries it. */
  name: string;
  title: string;
  description: string;
}

export interface DocxDocument {
  /** Every paragraph's text in order, tables' paragraphs included. */
  paragraphs: string[];
  /** Each table as rows of cell texts. */
  tables: string[][][];
  images: DocxImage[];
  /** Text of the headers and footers, with fields named ({PAGE}, {NUMPAGES}). */
  headers: string[];
  footers: string[];
  /** Paragraphs with a style (e.g. Heading1, Title): [style, text]. */
  styled: [string, string][];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

/** The text of some WordprocessingML: each w:t, and fields written as {NAME}. */
function textOf(xml: string): string {
  const parts: string[] = [];
  for (const match of xml.matchAll(
    /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:instrText[^>]*>([^<]*)<\/w:instrText>/g,
  )) {
    parts.push(match[1] !== undefined ? decode(match[1]) : `{${match[2].trim().split(/\s+/)[0]}}`);
  }
  return parts.join('');
}

const paragraphsOf = (xml: string) => [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]);

function attribute(tag: string, name: string): string {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decode(match[1]) : '';
}

export async function readDocx(content: Buffer): Promise<DocxDocument> {
  const zip = await JSZip.loadAsync(content);
  const read = async (path: string) => (await zip.file(path)?.async('string')) ?? '';
  const xml = await read('word/document.xml');
  const rels = await read('word/_rels/document.xml.rels');
  const targets = new Map(
    [...rels.matchAll(/<Relationship\s[^>]*>/g)].map((m) => [
      attribute(m[0], 'Id'),
      attribute(m[0], 'Target'),
    ]),
  );

  const paragraphs = paragraphsOf(xml);
  const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
      [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) =>
        paragraphsOf(cell[0]).map(textOf).join('\n'),
      ),
    ),
  );
  const images: DocxImage[] = [];
  for (const drawing of xml.matchAll(/<w:drawing>[\s\S]*?<\/w:drawing>/g)) {
    const docPr = /<wp:docPr\s[^>]*>/.exec(drawing[0])?.[0] ?? '';
    const embed = /r:embed="([^"]+)"/.exec(drawing[0])?.[1] ?? '';
    const path = `word/${targets.get(embed) ?? ''}`;
    images.push({
      path,
      content: (await zip.file(path)?.async('nodebuffer')) ?? Buffer.alloc(0),
      name: attribute(docPr, 'name'),
      title: attribute(docPr, 'title'),
      description: attribute(docPr, 'descr'),
    });
  }
  const parts = async (prefix: string) =>
    Promise.all(
      Object.keys(zip.files)
        .filter((path) => path.startsWith(`word/${prefix}`) && path.endsWith('.xml'))
        .map(async (path) =>
          paragraphsOf(await read(path))
            .map(textOf)
            .join('\n'),
        ),
    );
  return {
    paragraphs: paragraphs.map(textOf),
    tables,
    images,
    headers: await parts('header'),
    footers: await parts('footer'),
    styled: paragraphs.flatMap((p) => {
      const style = /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1];
      return style ? [[style, textOf(p)] as [string, string]] : [];
    }),
  };
}
