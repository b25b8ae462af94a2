// The conformance corpus: every group of hand-written sequences, in the order they are recorded.
import type { SequenceGroup } from '../sequence.ts';
import { aclGroup } from './acl.ts';
import { checkWatchesGroup } from './check-watches.ts';
import { createGroup } from './create.ts';
import { errorsGroup } from './errors.ts';
import { multiGroup } from './multi.ts';
import { sessionsGroup } from './sessions.ts';
import { statGroup } from './stat.ts';
import { watchesGroup } from './watches.ts';
import { lifecycleGroup } from './lifecycle.ts';
import { pathsGroup } from './paths.ts';
import { permissionsGroup } from './permissions.ts';
import { precedenceGroup } from './precedence.ts';
import { readsGroup } from './reads.ts';
import { sequentialGroup } from './sequential.ts';
import { transactionsGroup } from './transactions.ts';
import { triggersGroup } from './triggers.ts';
import { watchmodesGroup } from './watchmodes.ts';

export const GROUPS: readonly SequenceGroup[] = [
  createGroup,
  statGroup,
  errorsGroup,
  aclGroup,
  multiGroup,
  watchesGroup,
  sessionsGroup,
  readsGroup,
  pathsGroup,
  sequentialGroup,
  precedenceGroup,
  permissionsGroup,
  transactionsGroup,
  triggersGroup,
  watchmodesGroup,
  lifecycleGroup,
  checkWatchesGroup,
];
