/** A generated record with the scope it is stored at (root first), ready for `store.insertMany(kind, …)`. */
export interface ScopedRecord<T> {
  value: T;
  scope: string[];
}
