/**
 * Which township does an SMS text point to? Runs the place matcher against the seed directory, no
 * stack needed:  npx tsx scripts/locate.ts [--city 4110] "<text>"   (or "-" to read stdin)
 * Prints one JSON object (township, county, matched, candidates, reason) to stdout.
 * Exit 0 for any match result (including none), 2 for bad usage or an unknown city.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlaceIndex, locate } from '#shared/domain/place-matcher.ts';
import { readDivisionSeed } from '../seeds/load.ts';

const USAGE = 'usage: npx tsx scripts/locate.ts [--city NNNN] "<text>"   (text "-" reads stdin)';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse(argv: readonly string[]): { city: string; text: string } {
  let city = '4110';
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      process.stderr.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (arg === '--city' || arg.startsWith('--city=')) {
      const value = arg === '--city' ? argv[++i] : arg.slice('--city='.length);
      if (!value || !/^\d{4}$/.test(value)) fail('--city takes a 4-digit city code, e.g. 4110');
      city = value;
    } else if (arg.startsWith('--')) {
      fail(`unknown option ${arg}`);
    } else {
      words.push(arg);
    }
  }
  if (words.length === 0) fail('no text given');
  const text = words.length === 1 && words[0] === '-' ? readFileSync(0, 'utf8') : words.join(' ');
  if (text.trim() === '') fail('text is empty');
  return { city, text };
}

const { city, text } = parse(process.argv.slice(2));
const seedFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'seeds', 'divisions', `${city}.json`);
if (!existsSync(seedFile)) fail(`no division seed for city ${city} (seeds/divisions/${city}.json)`);

const index = buildPlaceIndex(readDivisionSeed(city).places);
process.stdout.write(`${JSON.stringify(locate(index, text), null, 2)}\n`);
