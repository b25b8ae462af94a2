// checkWatches (opcode 17), what the Java client sends when it removes one watcher
// (ZooKeeper.removeWatches(path, watcher, type, local)): the server only says whether the path is
// still watched. In 3.8.0 WatchManager.containsWatcher answers whether any connection watches the path
// in that table, not whether the asking connection does.
import type { SequenceGroup } from '../sequence.ts';
import { sessions } from './dsl.ts';

const [a, b] = sessions();

export const checkWatchesGroup: SequenceGroup = {
  group: 'check-watches',
  title: 'checkWatches',
  sequences: [
    {
      name: 'check-watches/any-connection',
      description: 'checkWatches answers OK when any connection watches the path, NOWATCHER per table otherwise',
      steps: [
        a.create('/a'),
        b.exists('/a', true),
        a.checkWatches('/a', 'DATA'),
        a.checkWatches('/a', 'CHILDREN'),
        a.checkWatches('/a', 'ANY'),
        b.checkWatches('/a', 'DATA'),
        b.checkWatches('/a', 'CHILDREN'),
        b.checkWatches('/nope', 'ANY'),
      ],
    },
    {
      name: 'check-watches/removes-nothing',
      description: 'checkWatches leaves the watch in place: it still fires, and once fired the path is unwatched',
      steps: [
        a.create('/a'),
        b.getData('/a', true),
        b.checkWatches('/a', 'DATA'),
        a.setData('/a', 'x'),
        b.checkWatches('/a', 'DATA'),
        b.getChildren('/a', true),
        b.checkWatches('/a', 'CHILDREN'),
        b.checkWatches('/a', 'DATA'),
      ],
    },
    {
      name: 'check-watches/persistent-and-recursive',
      description: 'checkWatches on persistent and recursive watches: the path itself only, types 4 and 5 unknown to 3.8.0',
      steps: [
        a.create('/p'),
        a.create('/q'),
        b.addWatch('/p', 'PERSISTENT_RECURSIVE'),
        b.addWatch('/q', 'PERSISTENT'),
        b.checkWatches('/p/x', 'DATA'),
        b.checkWatches('/p', 'CHILDREN'),
        a.checkWatches('/p', 'DATA'),
        b.checkWatches('/q', 'CHILDREN'),
        b.checkWatches('/p', 'PERSISTENT_RECURSIVE'),
        b.checkWatches('/q', 'PERSISTENT'),
        a.setData('/q', 'x'),
        b.checkWatches('/q', 'DATA'),
      ],
    },
  ],
};
