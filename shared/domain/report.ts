/** What a reporter submits, after schema validation (functions/http/schemas.ts checks the shape). */
import type { CaseLocation, Category } from './case.ts';

export interface ReporterIdentity {
  name?: string;
  phone?: string;
  idNumber?: string;
  isEmployeeOfUnit?: boolean;
}

export interface ReportInput {
  category: Category;
  description: string;
  unitName?: string;
  /** ISO date (YYYY-MM-DD) or date-time. */
  occurredAt?: string;
  /** The reporter says people are in danger now: shorter acceptance deadline. */
  imminentDanger?: boolean;
  location: CaseLocation;
  reporter?: ReporterIdentity;
  /** Answers to the category's questionnaire, already checked against it. */
  answers?: import('./questionnaire.ts').Answers;
}

/** True when the reporter gave anything that identifies or reaches them. */
export function hasIdentity(r: ReporterIdentity | undefined): r is ReporterIdentity {
  return Boolean(r && (r.name || r.phone || r.idNumber));
}
