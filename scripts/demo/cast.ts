/**
 * The demo's staff: the users of seeds/demo-users.json, the same ones the local sign-in page lists,
 * so what the demo stages is what a person signing in as them finds in their console.
 */
import { readFileSync } from 'node:fs';

export interface DemoUser {
  id: string;
  name: string;
  role: string;
  jurisdiction: string;
}

const USERS: DemoUser[] = (
  JSON.parse(readFileSync(new URL('../../seeds/demo-users.json', import.meta.url), 'utf8')) as {
    users: DemoUser[];
  }
).users;

/** The demo user with this id; throws naming it when the seed file lacks it. */
export function user(id: string): DemoUser {
  const u = USERS.find((x) => x.id === id);
  if (!u) throw new Error(`seeds/demo-users.json has no user ${id}`);
  return u;
}

/** Who acts in the staged scenarios (looked up once per run, after the server answered). */
export interface Cast {
  officerLingjing: DemoUser;
  officerShenhou: DemoUser;
  supervisorJianan: DemoUser;
  supervisorYuzhou: DemoUser;
  financeReview: DemoUser;
}

export function cast(): Cast {
  return {
    officerLingjing: user('officer-lingjing'),
    officerShenhou: user('officer-shenhou'),
    supervisorJianan: user('supervisor-jianan'),
    supervisorYuzhou: user('supervisor-yuzhou'),
    financeReview: user('finance-xuchang-2'),
  };
}
