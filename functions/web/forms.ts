/** Form helpers shared by the citizen pages and the operator's phone intake. */
import type { Context } from 'hono';
import { answersFromForm } from '#shared/questionnaire.ts';
import type { DirectoryRepository } from '#shared/repositories/directory-repository.ts';
import type { FormData, FormValues } from './report-pages.tsx';

/** Counties and their townships for the form's lists, and the villages of a chosen township. */
export async function formPlaces(
  deps: { directory: DirectoryRepository; regionCode: string },
  townshipCode?: string,
): Promise<FormData> {
  const counties = await deps.directory.children(deps.regionCode);
  const lists = await Promise.all(counties.map((c) => deps.directory.children(c.code)));
  const townships = new Map(counties.map((c, i) => [c.code, lists[i] ?? []]));
  const villages =
    townshipCode && /^\d{9}$/.test(townshipCode) ? await deps.directory.children(townshipCode) : [];
  const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
  for (const list of townships.values()) list.sort(byCode);
  return { counties: [...counties].sort(byCode), townships, villages: [...villages].sort(byCode) };
}

export async function formValues(c: Context): Promise<FormValues> {
  // `all`: a multiple-choice question sends one field per box ticked; they are joined by commas.
  const body = await c.req.parseBody({ all: true });
  const values: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') values[k] = v;
    else if (Array.isArray(v)) {
      const texts = v.filter((x): x is string => typeof x === 'string');
      values[k] = k.startsWith('answers.') ? texts.join(',') : (texts.at(-1) ?? '');
    }
  }
  return values;
}

/** The questionnaire's fields (`answers.<id>`) of the chosen category, when any was answered. */
function answersOf(v: FormValues) {
  const answers = answersFromForm(v, v.category);
  return Object.keys(answers).length ? { answers } : {};
}

const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

/** Form fields → the API's report shape, so both go through one schema. */
export function formToReport(v: FormValues) {
  return {
    category: blankToUndefined(v.category),
    description: v.description ?? '',
    unitName: v.unitName,
    occurredAt: v.occurredAt,
    imminentDanger: v.imminentDanger === 'on',
    location: {
      countyCode: blankToUndefined(v.countyCode),
      townshipCode: blankToUndefined(v.townshipCode),
      villageCode: blankToUndefined(v.villageCode),
      address: v.address,
    },
    ...answersOf(v),
    reporter: {
      name: v.name,
      phone: v.phone,
      idNumber: v.idNumber,
      isEmployeeOfUnit: v.isEmployeeOfUnit === 'on',
    },
  };
}
