// The conformance corpus: every group of hand-written sequences, in the order they are recorded.
import type { SequenceGroup } from '../sequence.ts';
import { aclGroup } from './acl.ts';
import { createGroup } from './create.ts';
import { errorsGroup } from './errors.ts';
import { multiGroup } from './multi.ts';
import { sessionsGroup } from './sessions.ts';
import { statGroup } from './stat.ts';
import { watchesGroup } from './watches.ts';

export const GROUPS: readonly SequenceGroup[] = [
  createGroup,
  statGroup,
  errorsGroup,
  aclGroup,
  multiGroup,
  watchesGroup,
  sessionsGroup,
];
