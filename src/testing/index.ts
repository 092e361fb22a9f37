/**
 * civic-grid/testing: the storage conformance suite. Register it in a vitest
 * test file to prove an adapter keeps the port's semantics. vitest and
 * fast-check are optional peer dependencies: install them to use this entry.
 */
export {
  describeStorageAdapter,
  rejection,
  STORAGE_SUITE_TESTS,
  type StorageAdapterSuiteOptions,
  type StorageSuiteTestName,
} from './describe-storage-adapter.js';
export { counterClock, SCOPES, SUITE_KINDS } from './fixtures.js';
