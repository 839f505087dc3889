// One evaluator among many collectors. Time is cut into terms (several evaluation intervals
// long); whoever holds a term evaluates and notifies, the others only read. The holder claims
// the next term at its first evaluation in the current one; the others claim it only in the
// term's last quarter, so a live holder is always the earliest claimant and keeps the lease.
// If the holder dies, its claims run out within two terms and the earliest other claimant
// takes over; a holder that stops cleanly gives its terms back, so a restart hands over at once.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Gateway } from '../../store/gateway';
import { appendClaim, claimsFor, winnerOf } from './leaseTable';

export interface LeaseOptions {
  gateway: Gateway;
  termMs: number;
  now: () => Date;
  /** This evaluator's name in the lease table; unique per running process. */
  holder?: string;
  /**
   * After claiming a term nobody held, wait this long before reading who won, so that rivals
   * starting at the same moment have their claims in the store (an insert takes milliseconds).
   */
  settleMs?: number;
}

export interface LeaseStanding {
  term: number;
  holder: string;
  /** Who holds this term (undefined only if the store lost every claim). */
  leader: string | undefined;
  mine: boolean;
}

const LAST_QUARTER = 0.75;

export class EvaluatorLease {
  readonly holder: string;
  private readonly claimed = new Set<number>();
  private readonly given = new Set<number>();
  /** A term this evaluator is known to hold: claims for a term are all in before it starts, so it holds to the end. */
  private held: number | undefined;

  constructor(private readonly options: LeaseOptions) {
    this.holder = options.holder ?? `${hostname()}-${randomUUID().slice(0, 8)}`;
  }

  termAt(at: Date): number {
    return Math.floor(at.getTime() / this.options.termMs);
  }

  async standing(): Promise<LeaseStanding> {
    const { gateway, termMs } = this.options;
    const nowMs = this.options.now().getTime();
    const term = Math.floor(nowMs / termMs);
    const intoTerm = (nowMs - term * termMs) / termMs;
    if (this.held === term && !this.given.has(term)) {
      await this.claim(term + 1);
      return { term, holder: this.holder, leader: this.holder, mine: true };
    }
    let claims = await claimsFor(gateway, term);
    if (winnerOf(claims) === undefined && !this.given.has(term)) {
      await this.claim(term);
      if (this.options.settleMs) await new Promise((r) => setTimeout(r, this.options.settleMs));
      claims = await claimsFor(gateway, term);
    }
    const leader = winnerOf(claims);
    const mine = leader === this.holder;
    if (mine) this.held = term;
    if (mine || intoTerm >= LAST_QUARTER) await this.claim(term + 1);
    return { term, holder: this.holder, leader, mine };
  }

  /** Gives back this term and the next, so another collector takes over without waiting. */
  async release(): Promise<void> {
    const term = this.termAt(this.options.now());
    for (const t of [term, term + 1]) {
      if (!this.claimed.has(t)) continue;
      await appendClaim(this.options.gateway, t, this.holder, true);
      this.given.add(t);
    }
  }

  private async claim(term: number): Promise<void> {
    if (this.claimed.has(term) || this.given.has(term)) return;
    await appendClaim(this.options.gateway, term, this.holder);
    this.claimed.add(term);
  }
}
