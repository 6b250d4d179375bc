// The JS reader's running sums of one file's rows to month × practice × BNF presentation, held for at
// most a bounded number of groups and then handed over (prescribing-read.ts).

/** One hand-over of groups, column by column: practice × month × BNF presentation with their sums. */
export interface PrescribingGroups {
  /** 'YYYY-MM-01'. */
  month: string[];
  practice: string[];
  bnf: string[];
  items: number[];
  quantity: number[];
  /** Null when no row of the group had an ADQ. */
  adq: (number | null)[];
  nic: number[];
  cost: number[];
}

/**
 * The running sums: a map from key to index, and one growing array per column. A hand-over keeps back
 * the groups of the practice being read (the last run of new groups with one month and practice), so
 * that in a file sorted by practice, as NHSBSA publishes, no group is split across two hand-overs and
 * the groups handed on are each whole (and counted once).
 */
export class GroupSums {
  private index = new Map<string, number>();
  private groups = emptyGroups();
  /** Where the current month × practice's run of groups starts, and its key. */
  private runStart = 0;
  private runKey = '';

  get size(): number {
    return this.groups.month.length;
  }

  add(
    monthKey: string,
    month: string,
    practice: string,
    bnf: string,
    items: number,
    quantity: number,
    adq: number | null,
    nic: number,
    cost: number,
  ): boolean {
    const key = `${monthKey}${practice}|${bnf}`;
    const g = this.groups;
    const at = this.index.get(key);
    if (at === undefined) {
      const run = `${monthKey}${practice}`;
      if (run !== this.runKey) {
        this.runKey = run;
        this.runStart = g.month.length;
      }
      this.index.set(key, g.month.length);
      g.month.push(month);
      g.practice.push(practice);
      g.bnf.push(bnf);
      g.items.push(items);
      g.quantity.push(quantity);
      g.adq.push(adq);
      g.nic.push(nic);
      g.cost.push(cost);
      return true;
    }
    g.items[at]! += items;
    g.quantity[at]! += quantity;
    if (adq !== null) g.adq[at] = (g.adq[at] ?? 0) + adq;
    g.nic[at]! += nic;
    g.cost[at]! += cost;
    return false;
  }

  /**
   * Hands over the groups held. With `keepRun`, the current practice's groups are kept back (unless
   * they are more than half of what is held: then memory wins and they are split).
   */
  take(keepRun = false): PrescribingGroups {
    const out = this.groups;
    const start = this.runStart;
    if (!keepRun || start === 0 || out.month.length - start > out.month.length / 2) {
      this.groups = emptyGroups();
      this.index = new Map();
      this.runStart = 0;
      this.runKey = '';
      return out;
    }
    const kept = emptyGroups();
    for (const column of Object.keys(kept) as (keyof PrescribingGroups)[]) {
      (kept[column] as unknown[]) = out[column].slice(start);
      out[column].length = start;
    }
    const index = new Map<string, number>();
    for (const [key, at] of this.index) if (at >= start) index.set(key, at - start);
    this.groups = kept;
    this.index = index;
    this.runStart = 0;
    return out;
  }
}

/** No groups yet: one empty array per column. */
export function emptyGroups(): PrescribingGroups {
  return { month: [], practice: [], bnf: [], items: [], quantity: [], adq: [], nic: [], cost: [] };
}
