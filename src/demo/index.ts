/**
 * demo: a ping-pong cluster on the bare kernel, standing in for the ZooKeeper ensemble until it exists.
 * Imports: src/base, src/sim.
 */
export { runPingPong } from './ping-pong.ts';
export type { PingPongLife, PingPongOptions, PingPongResult } from './ping-pong.ts';
export { PERSIST_EVERY, PingPongActor, describePingMsg } from './ping-pong-actor.ts';
export type { PingCall, PingMsg, PingTag } from './ping-pong-actor.ts';
