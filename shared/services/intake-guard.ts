/**
 * The intake guard: a per-source budget for opening cases and the proof-of-work that earns the
 * full budget, so a reported company cannot bury a real report under thousands of fake ones.
 *
 * Order of checks, cheapest first and before any case is written or any access key is hashed:
 * 1. a retry of an acknowledged report (its Idempotency-Key is stored) passes without counting —
 *    an acknowledged report is never refused;
 * 2. a proof-of-work, if sent, must carry this server's MAC, be unexpired, solve its difficulty,
 *    be at least as hard as the source's current difficulty, and be unspent (it is then spent);
 * 3. one conditional ADD counts the case for the source's hour, below the full budget with a
 *    proof and a fifth of it without.
 *
 * Sources are kept only as a keyed hash (the phone-hash key: KMS HMAC in AWS, a local sub-key of
 * the master key) — never the address. The challenge MAC key is the same key's MAC of a fixed
 * label, made once per process.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PhoneHasher } from '../crypto/phone-hash.ts';
import {
  BUDGET_WINDOW_S,
  budgetLimit,
  CHALLENGE_TTL_S,
  type Challenge,
  challengeBody,
  parseProof,
  requiredDifficulty,
  retryAfterOf,
  solves,
  sourceKeyOf,
  windowStartOf,
} from '../domain/proof-of-work.ts';
import { IntakeBudgetError, ProofRejectedError } from '../errors.ts';

export { IntakeBudgetError, ProofRejectedError };

import { sha256 } from '../crypto/digest.ts';
import type { CaseRepository } from '../repositories/case-repository.ts';
import { BudgetSpentError, type FloodRepository, ProofSpentError } from '../repositories/flood-repository.ts';

export interface IntakeGuardPolicy {
  /** New cases per source per hour with a proof-of-work; 0 turns the guard off. */
  sourceBudget: number;
  /** Base difficulty in leading zero bits. */
  powDifficulty: number;
}

export interface IntakeGuardDeps {
  flood: FloodRepository;
  cases: Pick<CaseRepository, 'getIdempotency'>;
  hasher: PhoneHasher;
  now: () => Date;
  policy: IntakeGuardPolicy;
}

/** A counted case; `giveBack` when it was not opened after all (bad place code, outage). */
export interface Ticket {
  giveBack(): Promise<void>;
}

const NO_TICKET: Ticket = { giveBack: async () => {} };
const SIGNING_LABEL = 'chuishao proof-of-work challenge key v1';
const HASH_CACHE_LIMIT = 10_000;

export class IntakeGuard {
  private signingKey?: Promise<string>;
  private readonly hashes = new Map<string, string>();
  /**
   * Sources known to be over a limit in a window (`<source> <limit>` → window start): refused again
   * without a write, since a failed conditional write costs capacity like a successful one.
   */
  private readonly spent = new Map<string, number>();

  constructor(private readonly deps: IntakeGuardDeps) {}

  get enabled(): boolean {
    return this.deps.policy.sourceBudget > 0;
  }

  private nowS(): number {
    return Math.floor(this.deps.now().getTime() / 1000);
  }

  private async mac(body: string): Promise<string> {
    this.signingKey ??= this.deps.hasher.hash(SIGNING_LABEL).catch((err) => {
      this.signingKey = undefined;
      throw err;
    });
    return createHmac('sha256', await this.signingKey)
      .update(body)
      .digest('base64url')
      .slice(0, 32);
  }

  /** Keyed hash of a source (cached: in AWS each new one is a KMS call). */
  private async sourceHash(kind: 'ip', address: string | undefined): Promise<string> {
    const key = `${kind} ${sourceKeyOf(address) ?? 'unknown'}`;
    const cached = this.hashes.get(key);
    if (cached) return cached;
    const hash = await this.deps.hasher.hash(key);
    if (this.hashes.size >= HASH_CACHE_LIMIT) this.hashes.clear();
    this.hashes.set(key, hash);
    return hash;
  }

  /** A fresh signed challenge at the source's current difficulty (null when the guard is off). */
  async challenge(
    address: string | undefined,
  ): Promise<{ challenge: string; difficulty: number; expiresAt: string } | null> {
    if (!this.enabled) return null;
    const nowS = this.nowS();
    const count = await this.deps.flood.count(await this.sourceHash('ip', address), windowStartOf(nowS));
    const { powDifficulty, sourceBudget } = this.deps.policy;
    const c: Challenge = {
      salt: randomBytes(12).toString('base64url'),
      difficulty: requiredDifficulty(powDifficulty, count, sourceBudget),
      expiresAt: nowS + CHALLENGE_TTL_S,
    };
    const body = challengeBody(c);
    return {
      challenge: `${body}.${await this.mac(body)}`,
      difficulty: c.difficulty,
      expiresAt: new Date(c.expiresAt * 1000).toISOString(),
    };
  }

  /**
   * Admits one new case from `address`, or throws IntakeBudgetError / ProofRejectedError.
   * `idempotencyKey` is the key fileReport will get (a stored one means a retry: admitted free).
   */
  async admit(opts: {
    address: string | undefined;
    proof?: string;
    idempotencyKey?: string;
  }): Promise<Ticket> {
    if (!this.enabled) return NO_TICKET;
    if (opts.idempotencyKey && (await this.deps.cases.getIdempotency(sha256(`idem:${opts.idempotencyKey}`))))
      return NO_TICKET;
    const nowS = this.nowS();
    const windowStart = windowStartOf(nowS);
    const source = await this.sourceHash('ip', opts.address);
    const withProof = opts.proof !== undefined && opts.proof !== '';
    if (withProof) await this.verifyProof(opts.proof!, source, windowStart, nowS);
    return this.take(source, windowStart, budgetLimit(this.deps.policy.sourceBudget, withProof), nowS);
  }

  private async take(source: string, windowStart: number, limit: number, nowS: number): Promise<Ticket> {
    const memo = `${source} ${limit}`;
    const refuse = () => {
      const retryAfter = retryAfterOf(windowStart, nowS);
      return new IntakeBudgetError(retryAfter, new Date((nowS + retryAfter) * 1000).toISOString());
    };
    if (this.spent.get(memo) === windowStart) throw refuse();
    try {
      await this.deps.flood.take(source, windowStart, limit, windowStart + 2 * BUDGET_WINDOW_S);
    } catch (err) {
      if (err instanceof BudgetSpentError) {
        if (this.spent.size >= HASH_CACHE_LIMIT) this.spent.clear();
        this.spent.set(memo, windowStart);
        throw refuse();
      }
      throw err;
    }
    return {
      giveBack: async () => {
        await this.deps.flood.giveBack(source, windowStart);
        for (const key of this.spent.keys()) if (key.startsWith(`${source} `)) this.spent.delete(key);
      },
    };
  }

  private async verifyProof(text: string, source: string, windowStart: number, nowS: number): Promise<void> {
    const proof = parseProof(text);
    if (!proof || proof.nonce === undefined) throw new ProofRejectedError('malformed');
    const expected = Buffer.from(await this.mac(challengeBody(proof.challenge)));
    const given = Buffer.from(proof.mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new ProofRejectedError('forged');
    if (proof.challenge.expiresAt <= nowS) throw new ProofRejectedError('expired');
    if (!solves(proof.raw, proof.nonce, proof.challenge.difficulty)) throw new ProofRejectedError('unsolved');
    const { powDifficulty, sourceBudget } = this.deps.policy;
    const count = await this.deps.flood.count(source, windowStart);
    if (proof.challenge.difficulty < requiredDifficulty(powDifficulty, count, sourceBudget))
      throw new ProofRejectedError('too_easy');
    try {
      await this.deps.flood.spendProof(proof.challenge.salt, proof.challenge.expiresAt);
    } catch (err) {
      if (err instanceof ProofSpentError) throw new ProofRejectedError('replayed');
      throw err;
    }
  }
}
