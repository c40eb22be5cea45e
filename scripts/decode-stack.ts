/**
 * Turns a stack trace from a function's logs into source positions, with the source maps shipped
 * beside its bundle: `npm run -s decode-stack -- <bundle folder> [file with the stack]` (the stack
 * from standard input if no file). The functions run without Node's source-map support, which
 * parses every map at each cold start; the logger never prints a stack, so only the Lambda
 * runtime's report of an uncaught error carries one, and this reads it afterwards.
 *
 * The bundle folder is a function's asset from `cdk synth` (cdk.out/asset.<hash>/) or from the
 * deployed function's code. Frames outside the bundle are left as they are.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A frame position in the bundle: `…/index.mjs:1:2345` or `…/chunks/chunk-X.mjs:1:99`. */
const FRAME = /(?:file:\/\/)?[^\s()]*?((?:chunks\/)?[\w.-]+\.mjs):(\d+):(\d+)/g;

/** A source path as the reader knows it: from the repository's top folders, not the build's temp dir. */
function shortSource(source: string): string {
  const at = source.search(/(?:^|\/)(?:functions|shared|seeds|node_modules)\//);
  return at < 0 ? source : source.slice(source[at] === '/' ? at + 1 : at);
}

export function decodeStack(stack: string, bundleDir: string): string {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) {
      const path = join(bundleDir, `${file}.map`);
      maps.set(file, existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : null);
    }
    return maps.get(file) ?? null;
  };
  return stack.replace(FRAME, (frame, file: string, line: string, column: string) => {
    const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return frame;
    return `${shortSource(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, file] = process.argv.slice(2);
  if (!dir || !existsSync(join(dir, 'index.mjs'))) {
    console.error('usage: npm run -s decode-stack -- <bundle folder with index.mjs> [file with the stack]');
    process.exit(2);
  }
  const stack = readFileSync(file ?? 0, 'utf8');
  process.stdout.write(decodeStack(stack, resolve(dir)));
}
