/**
 * Quorum verifiers: which sets of servers form a quorum (flexible/QuorumVerifier.java). Two kinds, as in
 * ZooKeeper 3.8:
 *  - majority (flexible/QuorumMaj.java): more than half of the voting members; every voter weighs 1;
 *  - hierarchical (flexible/QuorumHierarchical.java): voters sit in groups, each with a weight (default 1,
 *    0 allowed); a set is a quorum when, in more than half of the groups of non-zero total weight, its
 *    members carry more than half of that group's weight.
 * Observers are members that never vote: they are in no quorum count and weigh 0.
 *
 * Reimplemented from the Java classes named above; one deliberate difference: `containsQuorum` ignores
 * ids that are not voting members itself, where QuorumMaj.containsQuorum only counts the set's size and
 * relies on its callers (SyncedLearnerTracker.addAck, Leader.getEpochToPropose after ZOOKEEPER-2959) to
 * have filtered observers out. And `weight` is 0 for a non-voter, where QuorumMaj answers 1 for any id and
 * QuorumHierarchical throws for an id it has no weight for (neither case reaches FLE's vote order, which
 * only ever ranks voters).
 */
import { assert, fail } from '../../base/index.ts';

/** A server's `myid`: a non-negative integer, unique in the ensemble. */
export type ServerId = number;

/** The ensemble's quorum configuration as plain data (what a scenario writes). */
export type QuorumSpec =
  | {
    readonly kind: 'majority';
    readonly voters: readonly ServerId[];
    readonly observers?: readonly ServerId[];
  }
  | {
    readonly kind: 'hierarchical';
    /** `group.1=1:2:3`, `group.2=...`: every voter in exactly one group; group ids are 1, 2, ... in order. */
    readonly groups: readonly (readonly ServerId[])[];
    /** `weight.<sid>=w`; a voter without an entry weighs 1. */
    readonly weights?: Readonly<Record<number, number>>;
    readonly observers?: readonly ServerId[];
  };

export interface QuorumVerifier {
  readonly kind: QuorumSpec['kind'];
  /** Participants, ascending (QuorumVerifier.getVotingMembers). */
  readonly votingMembers: readonly ServerId[];
  /** Observers, ascending (QuorumVerifier.getObservingMembers). */
  readonly observers: readonly ServerId[];
  /** Voters then observers, ascending within each. */
  readonly allMembers: readonly ServerId[];
  isVoter(id: ServerId): boolean;
  isObserver(id: ServerId): boolean;
  /** QuorumVerifier.getWeight: what the id counts for; 0 for observers and strangers. */
  weight(id: ServerId): number;
  /** QuorumVerifier.containsQuorum over the voting members among `ids` (duplicates count once). */
  containsQuorum(ids: Iterable<ServerId>): boolean;
  /** One line, for transcripts: `majority of 1 2 3 (quorum 2), observers 4`. */
  describe(): string;
}

function checkIds(voters: readonly ServerId[], observers: readonly ServerId[]): void {
  const seen = new Set<ServerId>();
  for (const id of [...voters, ...observers]) {
    if (!(Number.isSafeInteger(id) && id >= 0)) fail(`a server id is a non-negative integer, got ${id}`);
    if (seen.has(id)) fail(`server ${id} is listed twice in the quorum configuration`);
    seen.add(id);
  }
}

const ascending = (ids: readonly ServerId[]): ServerId[] => [...ids].sort((a, b) => a - b);

abstract class BaseVerifier implements QuorumVerifier {
  abstract readonly kind: QuorumSpec['kind'];
  readonly votingMembers: readonly ServerId[];
  readonly observers: readonly ServerId[];
  readonly allMembers: readonly ServerId[];
  private readonly voterSet: ReadonlySet<ServerId>;
  private readonly observerSet: ReadonlySet<ServerId>;

  protected constructor(voters: readonly ServerId[], observers: readonly ServerId[]) {
    checkIds(voters, observers);
    this.votingMembers = ascending(voters);
    this.observers = ascending(observers);
    this.allMembers = [...this.votingMembers, ...this.observers];
    this.voterSet = new Set(voters);
    this.observerSet = new Set(observers);
  }

  isVoter(id: ServerId): boolean {
    return this.voterSet.has(id);
  }

  isObserver(id: ServerId): boolean {
    return this.observerSet.has(id);
  }

  /** The distinct voters among `ids`. */
  protected votersAmong(ids: Iterable<ServerId>): Set<ServerId> {
    const out = new Set<ServerId>();
    for (const id of ids) if (this.voterSet.has(id)) out.add(id);
    return out;
  }

  protected observersText(): string {
    return this.observers.length === 0 ? '' : `, observers ${this.observers.join(' ')}`;
  }

  abstract weight(id: ServerId): number;
  abstract containsQuorum(ids: Iterable<ServerId>): boolean;
  abstract describe(): string;
}

/** QuorumMaj: `half = voters / 2` (integer division); a quorum has more than `half` voters. */
export class QuorumMaj extends BaseVerifier {
  readonly kind = 'majority' as const;
  private readonly half: number;

  constructor(voters: readonly ServerId[], observers: readonly ServerId[] = []) {
    super(voters, observers);
    assert(voters.length > 0, 'a majority quorum needs at least one voter');
    this.half = Math.floor(voters.length / 2);
  }

  weight(id: ServerId): number {
    return this.isVoter(id) ? 1 : 0;
  }

  containsQuorum(ids: Iterable<ServerId>): boolean {
    return this.votersAmong(ids).size > this.half;
  }

  describe(): string {
    return `majority of ${this.votingMembers.join(' ')} (quorum ${this.half + 1})${this.observersText()}`;
  }
}

/**
 * QuorumHierarchical. Group weights are the sums of their members' weights (computeGroupWeight); groups
 * of total weight 0 do not count towards the number of groups. A set is a quorum iff it is not empty and
 * the number of groups where its weight exceeds `groupWeight / 2` (integer division) exceeds
 * `nonZeroGroups / 2` (containsQuorum).
 */
export class QuorumHierarchical extends BaseVerifier {
  readonly kind = 'hierarchical' as const;
  private readonly groupOf = new Map<ServerId, number>();
  private readonly weights = new Map<ServerId, number>();
  private readonly groupWeight: number[];
  private readonly countedGroups: number;
  private readonly groups: readonly (readonly ServerId[])[];

  constructor(groups: readonly (readonly ServerId[])[], weights: Readonly<Record<number, number>> = {},
    observers: readonly ServerId[] = []) {
    super(groups.flat(), observers);
    assert(groups.length > 0, 'a hierarchical quorum needs at least one group');
    this.groups = groups.map(ascending);
    groups.forEach((members, g) => {
      assert(members.length > 0, `group ${g + 1} is empty`);
      for (const id of members) this.groupOf.set(id, g);
    });
    for (const [key, w] of Object.entries(weights)) {
      const id = Number(key);
      if (!this.isVoter(id)) fail(`weight.${key} names a server that is in no group`);
      if (!(Number.isSafeInteger(w) && w >= 0)) fail(`weight.${key} must be a non-negative integer, got ${w}`);
      this.weights.set(id, w);
    }
    for (const id of this.votingMembers) if (!this.weights.has(id)) this.weights.set(id, 1);
    this.groupWeight = groups.map((members) => members.reduce((sum, id) => sum + this.weight(id), 0));
    this.countedGroups = this.groupWeight.filter((w) => w > 0).length;
  }

  weight(id: ServerId): number {
    return this.weights.get(id) ?? 0;
  }

  containsQuorum(ids: Iterable<ServerId>): boolean {
    const members = this.votersAmong(ids);
    if (members.size === 0) return false;
    const carried = this.groupWeight.map(() => 0);
    for (const id of members) {
      const g = this.groupOf.get(id);
      if (g === undefined) fail(`voter ${id} has no group`);
      carried[g] = (carried[g] ?? 0) + this.weight(id);
    }
    let majorityGroups = 0;
    carried.forEach((w, g) => {
      if (w > Math.floor((this.groupWeight[g] ?? 0) / 2)) majorityGroups++;
    });
    return majorityGroups > Math.floor(this.countedGroups / 2);
  }

  describe(): string {
    const groups = this.groups.map((members, g) => {
      const text = members.map((id) => (this.weight(id) === 1 ? `${id}` : `${id}(w${this.weight(id)})`));
      return `group ${g + 1}: ${text.join(' ')}`;
    });
    return `hierarchical, ${groups.join('; ')}${this.observersText()}`;
  }
}

/** Builds the verifier a QuorumSpec describes. */
export function makeQuorumVerifier(spec: QuorumSpec): QuorumVerifier {
  switch (spec.kind) {
    case 'majority':
      return new QuorumMaj(spec.voters, spec.observers ?? []);
    case 'hierarchical':
      return new QuorumHierarchical(spec.groups, spec.weights ?? {}, spec.observers ?? []);
  }
}
