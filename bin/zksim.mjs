#!/usr/bin/env node
// The `zksim` command. Plain JavaScript so that it runs without a build step: it registers tsx's
// loader (TypeScript on the fly), then hands over to the command line in src/cli.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
