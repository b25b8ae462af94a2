/**
 * cluster: the only place zk/ meets sim/: hosts ZooKeeper servers and clients on the kernel, and gives
 * workloads the Promise-based ZooKeeper API. Imports: base, sim, zk.
 */
export { Ensemble } from './ensemble.ts';
export type { EnsembleOptions, EnsembleSim } from './ensemble.ts';
export { StandaloneCluster } from './standalone-cluster.ts';
export type { ClusterSim, StandaloneClusterOptions } from './standalone-cluster.ts';
export { ZooKeeper } from './zookeeper.ts';
export type { ClientPort, CreateOptions, Data } from './zookeeper.ts';
