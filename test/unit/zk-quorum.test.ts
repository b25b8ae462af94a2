// Quorum verifiers (flexible/QuorumMaj.java, flexible/QuorumHierarchical.java): the sizes majority gives,
// the hierarchical rule on the documentation's examples and on zero weights, the configurations ZooKeeper
// refuses, and two properties over random configurations: the fast code agrees with a naive restatement
// of the rule (as etcd's quorum/quick_test.go does), and any two quorums share a voter of non-zero weight
// (checked exhaustively over every subset of the voters), which is what makes a quorum a quorum.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuorumHierarchical, QuorumMaj, makeQuorumVerifier } from '../../src/zk/zab/index.ts';
import type { QuorumVerifier, ServerId } from '../../src/zk/zab/index.ts';
import { checkProperty } from '../support/property.ts';

describe('QuorumMaj', () => {
  it('needs more than half of the voters: 3 -> 2, 4 -> 3, 5 -> 3, 1 -> 1', () => {
    const smallest = (n: number): number => {
      const q = new QuorumMaj(Array.from({ length: n }, (_, i) => i + 1));
      let k = 0;
      while (!q.containsQuorum(Array.from({ length: k }, (_, i) => i + 1))) k++;
      return k;
    };
    expect([1, 2, 3, 4, 5, 6, 7].map(smallest)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });

  it('observers, strangers and repeated ids never count; observers weigh 0', () => {
    const q = new QuorumMaj([1, 2, 3], [4, 5]);
    expect(q.containsQuorum([1, 4, 5])).toBe(false);
    expect(q.containsQuorum([1, 1, 9])).toBe(false);
    expect(q.containsQuorum([1, 3])).toBe(true);
    expect([1, 4, 9].map((id) => q.weight(id))).toEqual([1, 0, 0]);
    expect(q.votingMembers).toEqual([1, 2, 3]);
    expect(q.allMembers).toEqual([1, 2, 3, 4, 5]);
    expect(q.describe()).toBe('majority of 1 2 3 (quorum 2), observers 4 5');
  });
});

describe('QuorumHierarchical', () => {
  it('the documentation\'s example: 9 servers in 3 groups of 3 -> quorums of 4 (2 of 3 in 2 groups)', () => {
    const q = new QuorumHierarchical([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(q.containsQuorum([1, 2, 4, 5])).toBe(true);
    expect(q.containsQuorum([1, 2, 3, 4])).toBe(false); // one group only
    expect(q.containsQuorum([1, 4, 7, 8])).toBe(false);
    expect(q.containsQuorum([1, 2, 3, 4, 5, 6])).toBe(true);
  });

  it('a group needs more than half its weight: weights 2,1,1 need 3 of 4', () => {
    const q = new QuorumHierarchical([[1, 2, 3], [4]], { 1: 2 });
    expect(q.containsQuorum([1, 4])).toBe(false); // 2 is not more than half of 4
    expect(q.containsQuorum([1, 2, 4])).toBe(true);
    expect(q.containsQuorum([2, 3, 4])).toBe(false);
  });

  it('a zero-weight server adds nothing, and a zero-weight group is not counted among the groups', () => {
    const q = new QuorumHierarchical([[1, 2], [3, 4], [5, 6]], { 6: 0 });
    expect(q.containsQuorum([1, 2, 5])).toBe(true);
    expect(q.containsQuorum([1, 5, 6])).toBe(false);
    expect(q.weight(6)).toBe(0);
    const zeroGroup = new QuorumHierarchical([[1, 2], [3, 4], [5]], { 5: 0 });
    expect(zeroGroup.containsQuorum([1, 2, 5])).toBe(false); // 1 of 2 counted groups is not more than half
    expect(zeroGroup.containsQuorum([1, 2, 3, 4])).toBe(true);
    expect(zeroGroup.describe()).toBe('hierarchical, group 1: 1 2; group 2: 3 4; group 3: 5(w0)');
  });

  it('refuses what ZooKeeper refuses: a server in two groups, a weight for a server in no group', () => {
    expect(() => new QuorumHierarchical([[1, 2], [2, 3]])).toThrow(/listed twice/);
    expect(() => new QuorumHierarchical([[1, 2]], { 3: 1 })).toThrow(/in no group/);
    expect(() => new QuorumHierarchical([[1, 2]], { 2: -1 })).toThrow(/non-negative/);
    expect(() => new QuorumHierarchical([[1, 2]], {}, [2])).toThrow(/listed twice/);
    expect(() => new QuorumMaj([1, 1])).toThrow(/listed twice/);
  });

  it('makeQuorumVerifier builds both kinds from plain data', () => {
    expect(makeQuorumVerifier({ kind: 'majority', voters: [3, 1, 2] }).votingMembers).toEqual([1, 2, 3]);
    const h = makeQuorumVerifier({ kind: 'hierarchical', groups: [[1], [2], [3]], weights: { 3: 0 }, observers: [4] });
    expect(h.kind).toBe('hierarchical');
    expect(h.observers).toEqual([4]);
    expect(h.containsQuorum([1, 2])).toBe(true);
  });
});

// ---- properties ---------------------------------------------------------------------------------------

type Config = { readonly verifier: QuorumVerifier; readonly oracle: (ids: ReadonlySet<ServerId>) => boolean };

const majorityConfig = fc.record({ voters: fc.integer({ min: 1, max: 9 }), observers: fc.integer({ min: 0, max: 3 }) })
  .map(({ voters, observers }): Config => {
    const ids = Array.from({ length: voters }, (_, i) => i + 1);
    const verifier = new QuorumMaj(ids, Array.from({ length: observers }, (_, i) => voters + i + 1));
    return { verifier, oracle: (s) => 2 * ids.filter((id) => s.has(id)).length > ids.length };
  });

const hierarchicalConfig = fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 })
  .filter((groups) => groups.flat().length <= 10)
  .chain((groupWeights) => fc.integer({ min: 0, max: 2 }).map((observers): Config => {
    let next = 1;
    const groups = groupWeights.map((ws) => ws.map((w) => ({ id: next++, w })));
    const weights: Record<number, number> = {};
    for (const { id, w } of groups.flat()) weights[id] = w;
    const verifier = new QuorumHierarchical(groups.map((g) => g.map((m) => m.id)), weights,
      Array.from({ length: observers }, (_, i) => next + i));
    // The rule in words: more than half of the groups of non-zero weight have more than half their weight in s.
    const oracle = (s: ReadonlySet<ServerId>): boolean => {
      const counted = groups.filter((g) => g.some((m) => m.w > 0));
      const won = counted.filter((g) => 2 * g.filter((m) => s.has(m.id)).reduce((a, m) => a + m.w, 0) > g.reduce((a, m) => a + m.w, 0));
      return 2 * won.length > counted.length;
    };
    return { verifier, oracle };
  }));

const anyConfig = fc.oneof(majorityConfig, hierarchicalConfig);

/** Every subset of the voters as a bitmask over `verifier.votingMembers`. */
function subsets(verifier: QuorumVerifier): { mask: number; ids: ServerId[] }[] {
  const voters = verifier.votingMembers;
  const out: { mask: number; ids: ServerId[] }[] = [];
  for (let mask = 0; mask < 1 << voters.length; mask++) {
    out.push({ mask, ids: voters.filter((_, i) => (mask & (1 << i)) !== 0) });
  }
  return out;
}

describe('quorum properties', () => {
  it('containsQuorum agrees with a naive restatement of the rule, and ignores observers and strangers', async () => {
    await checkProperty(fc.property(anyConfig, ({ verifier, oracle }) => {
      const noise = [...verifier.observers, 1000];
      const wrong = subsets(verifier).filter(({ ids }) => {
        const expected = oracle(new Set(ids));
        return verifier.containsQuorum(ids) !== expected || verifier.containsQuorum([...ids, ...noise, ...ids]) !== expected;
      });
      expect(wrong.map(({ ids }) => ids.join(',')), verifier.describe()).toEqual([]);
    }), { numRuns: 150, file: import.meta.url });
  });

  it('any two quorums share a voter of non-zero weight, and a superset of a quorum is a quorum', async () => {
    await checkProperty(fc.property(anyConfig, ({ verifier }) => {
      const voters = verifier.votingMembers;
      const weighty = voters.reduce((m, id, i) => (verifier.weight(id) > 0 ? m | (1 << i) : m), 0);
      const all = subsets(verifier);
      const quorums = all.filter(({ ids }) => verifier.containsQuorum(ids)).map(({ mask }) => mask);
      const isQuorum = new Set(quorums);
      const problems: string[] = [];
      for (const a of quorums) {
        for (const b of quorums) if ((a & b & weighty) === 0) problems.push(`${a.toString(2)} and ${b.toString(2)} share no weighty voter`);
        for (let i = 0; i < voters.length; i++) if (!isQuorum.has(a | (1 << i))) problems.push(`${a.toString(2)} plus voter ${i}`);
        if (problems.length > 0) break;
      }
      expect(problems, verifier.describe()).toEqual([]);
    }), { numRuns: 150, file: import.meta.url });
  });
});
