/**
 * MIME multipart user data split by a real MIME parser (@zone-eu/mailsplit, the splitter behind
 * mailparser): nodeadm uses Go's net/mail + mime/multipart, cloud-init Python's email package.
 */
import { Splitter } from '@zone-eu/mailsplit';
import type { SplitterChunk } from '@zone-eu/mailsplit';
import { Readable } from 'stream';

export interface MimePart {
  /** Lower-case media type without parameters (`application/node.eks.aws`), '' when absent. */
  readonly contentType: string;
  /** The body with its Content-Transfer-Encoding undone. */
  readonly body: Buffer;
  /** Inside a nested multipart: nodeadm (Go's multipart reader) never looks there. */
  readonly nested: boolean;
}

export interface MimeMessage {
  /** Whether the top-level Content-Type is multipart/*; if not, nodeadm reads the whole user data as one NodeConfig. */
  readonly multipart: boolean;
  readonly parts: readonly MimePart[];
}

type MimeNode = Extract<SplitterChunk, { type: 'node' }>;

interface Collected {
  readonly node: MimeNode;
  readonly chunks: Buffer[];
}

async function decodeBody(node: MimeNode, raw: Buffer): Promise<Buffer> {
  const decoder = node.getDecoder();
  const done = new Promise<Buffer>((resolve, reject) => {
    const out: Buffer[] = [];
    decoder.on('data', (b: Buffer) => out.push(b));
    decoder.on('end', () => resolve(Buffer.concat(out)));
    decoder.on('error', reject);
  });
  decoder.end(raw);
  return done;
}

export async function readMime(userData: string): Promise<MimeMessage> {
  const splitter = new Splitter();
  const collected: Collected[] = [];
  let root: MimeNode | undefined;
  Readable.from([Buffer.from(userData, 'utf8')]).pipe(splitter);
  for await (const raw of splitter) {
    const chunk: SplitterChunk = raw;
    if (chunk.type === 'node') {
      root ??= chunk;
      collected.push({ node: chunk, chunks: [] });
    } else if (chunk.type === 'body' && collected.length) {
      collected[collected.length - 1].chunks.push(chunk.value);
    }
  }

  const multipart = root !== undefined && root.multipart !== false;
  if (!multipart) return { multipart, parts: [] };
  const parts: MimePart[] = [];
  for (const { node, chunks } of collected) {
    if (node === root || node.multipart !== false) continue;
    parts.push({
      contentType: (node.contentType || '').toLowerCase(),
      body: await decodeBody(node, Buffer.concat(chunks)),
      nested: node.parentNode !== root,
    });
  }
  return { multipart, parts };
}
