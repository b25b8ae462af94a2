/**
 * One line per message for the kernel's trace: client wire messages, election traffic, quorum packets.
 * Changing a format changes recorded traces (not their hashes' inputs: the hash covers the messages).
 */
import type { WireMessage } from '../zk/protocol/index.ts';
import type { EnsembleMessage } from '../zk/server/index.ts';
import { describePacket } from '../zk/zab/index.ts';

export function describeWire(msg: WireMessage): string {
  switch (msg.type) {
    case 'connect':
      return `connect session=0x${msg.sessionId.toString(16)} lastZxid=0x${msg.lastZxidSeen.toString(16)}`;
    case 'connected':
      return `connected session=0x${msg.sessionId.toString(16)} timeout=${msg.timeoutMs}`;
    case 'request':
      return `request xid=${msg.xid} ${msg.request.op}${'path' in msg.request ? ` ${msg.request.path}` : ''}`;
    case 'reply':
      return `reply xid=${msg.xid} zxid=0x${msg.zxid.toString(16)} ${msg.err}`;
    case 'notification':
      return `notification ${msg.event.type} ${msg.event.path}`;
  }
}

export function describeEnsembleMessage(msg: EnsembleMessage): string {
  switch (msg.type) {
    case 'election-hello':
      return `election-hello sid=${msg.sid}`;
    case 'election-vote': {
      const n = msg.notification;
      return `election-vote ${n.state} leader=${n.leader} zxid=0x${n.zxid.toString(16)} round=${n.electionEpoch} peerEpoch=${n.peerEpoch}`;
    }
    case 'quorum':
      return describePacket(msg.packet);
    case 'connect':
    case 'connected':
    case 'request':
    case 'reply':
    case 'notification':
      return describeWire(msg);
  }
}
