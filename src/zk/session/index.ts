/**
 * zk/session: the session tracker (tick-rounded expiry buckets), session ids and passwords.
 * Imports: src/base.
 */
export { SessionTracker } from './tracker.ts';
export type { SessionInfo } from './tracker.ts';
export { firstSessionId, formatSessionId, sessionPassword } from './ids.ts';
