/** Create modes with ZooKeeper's flags (S/CreateMode.java), and what each implies. */
export const CREATE_MODE_FLAGS = {
  PERSISTENT: 0,
  EPHEMERAL: 1,
  PERSISTENT_SEQUENTIAL: 2,
  EPHEMERAL_SEQUENTIAL: 3,
  CONTAINER: 4,
  PERSISTENT_WITH_TTL: 5,
  PERSISTENT_SEQUENTIAL_WITH_TTL: 6,
} as const;

export type CreateMode = keyof typeof CREATE_MODE_FLAGS;

export function createModeOfFlag(flag: number): CreateMode | undefined {
  return (Object.keys(CREATE_MODE_FLAGS) as CreateMode[]).find((m) => CREATE_MODE_FLAGS[m] === flag);
}

export function isEphemeralMode(mode: CreateMode): boolean {
  return mode === 'EPHEMERAL' || mode === 'EPHEMERAL_SEQUENTIAL';
}

export function isSequentialMode(mode: CreateMode): boolean {
  return mode === 'PERSISTENT_SEQUENTIAL' || mode === 'EPHEMERAL_SEQUENTIAL' || mode === 'PERSISTENT_SEQUENTIAL_WITH_TTL';
}

export function isTtlMode(mode: CreateMode): boolean {
  return mode === 'PERSISTENT_WITH_TTL' || mode === 'PERSISTENT_SEQUENTIAL_WITH_TTL';
}

/** The largest TTL ZooKeeper accepts, in ms (EphemeralType.TTL: 0xFFFFFFFFFF). */
export const TTL_MAX_MS = 0xff_ffff_ffff;
