/**
 * `npm run -s due -- --start YYYY-MM-DD --days N [--working]`: prints the due date of a period
 * under the Civil Code rules and the holiday calendar, and whether it is provisional. No stack needed.
 */
import { parseArgs } from 'node:util';
import { parseYmd } from '#shared/domain/calendar.ts';
import { dueOf } from '#shared/domain/deadlines.ts';
import { loadCalendar } from '#shared/policies.ts';

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: npm run -s due -- --start YYYY-MM-DD --days N [--working] [--json]\n`,
  );
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    start: { type: 'string' },
    days: { type: 'string' },
    working: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
if (!values.start) usage('--start is required');
if (!values.days || !/^\d+$/.test(values.days)) usage('--days must be a whole number');
try {
  parseYmd(values.start);
} catch {
  usage(`--start is not a date: ${values.start}`);
}

// The start is a calendar day in Shanghai; noon there keeps the instant inside that day.
const start = new Date(`${values.start}T04:00:00Z`);
const due = dueOf(loadCalendar(), start, { days: Number(values.days), working: values.working });
if (values.json) {
  process.stdout.write(`${JSON.stringify(due)}\n`);
} else {
  process.stdout.write(`${due.dueDate}\n`);
  process.stdout.write(
    due.provisional
      ? 'provisional: yes — the holiday arrangement of a year involved is not in the calendar data yet; only the fixed statutory holidays were applied\n'
      : 'provisional: no\n',
  );
}
