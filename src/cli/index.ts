/**
 * cli: the `zksim` command (entry point main.ts, booted by bin/zksim.mjs). The one place besides bench/
 * that talks to the real world: arguments, files, exit codes, wall time for reporting. Bad input exits 2
 * with a message and no stack trace; files the user asked for are written whole or not at all.
 * Imports: scenario, sim (trace lines), bench, and the scenarios/ registry.
 */
export { AtomicFileWriter, writeFileAtomically } from './atomic-file.ts';
export { EXIT_OK, EXIT_USAGE, EXIT_VIOLATION, UsageError, parseSeed } from './errors.ts';
