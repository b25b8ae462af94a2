/**
 * KeeperException codes with ZooKeeper's numbers (zk-client-semantics.md section 2), and the typed error
 * the client library throws. Codes travel as names in results and traces; numbers are for the wire and
 * for people who know them.
 */
export const ERROR_CODES = {
  OK: 0,
  SYSTEMERROR: -1,
  RUNTIMEINCONSISTENCY: -2,
  DATAINCONSISTENCY: -3,
  CONNECTIONLOSS: -4,
  MARSHALLINGERROR: -5,
  UNIMPLEMENTED: -6,
  OPERATIONTIMEOUT: -7,
  BADARGUMENTS: -8,
  UNKNOWNSESSION: -12,
  NEWCONFIGNOQUORUM: -13,
  RECONFIGINPROGRESS: -14,
  APIERROR: -100,
  NONODE: -101,
  NOAUTH: -102,
  BADVERSION: -103,
  NOCHILDRENFOREPHEMERALS: -108,
  NODEEXISTS: -110,
  NOTEMPTY: -111,
  SESSIONEXPIRED: -112,
  INVALIDCALLBACK: -113,
  INVALIDACL: -114,
  AUTHFAILED: -115,
  SESSIONMOVED: -118,
  NOTREADONLY: -119,
  EPHEMERALONLOCALSESSION: -120,
  NOWATCHER: -121,
  REQUESTTIMEOUT: -122,
  RECONFIGDISABLED: -123,
  SESSIONCLOSEDREQUIRESASLAUTH: -124,
  QUOTAEXCEEDED: -125,
  THROTTLEDOP: -127,
} as const;

export type ErrorName = keyof typeof ERROR_CODES;
/** A failure: every code but OK. */
export type FailureName = Exclude<ErrorName, 'OK'>;

const NAME_BY_NUMBER = new Map<number, ErrorName>(
  (Object.entries(ERROR_CODES) as [ErrorName, number][]).map(([name, n]) => [n, name]),
);

export function codeNumber(name: ErrorName): number {
  return ERROR_CODES[name];
}

export function codeName(n: number): ErrorName | undefined {
  return NAME_BY_NUMBER.get(n);
}

/** The error a ZooKeeper call fails with: the code's name and number, as KeeperException carries them. */
export class KeeperError extends Error {
  override readonly name = 'KeeperError';
  readonly code: number;

  constructor(readonly codeName: FailureName, readonly path?: string) {
    super(path === undefined ? `KeeperErrorCode = ${codeName}` : `KeeperErrorCode = ${codeName} for ${path}`);
    this.code = ERROR_CODES[codeName];
  }
}
