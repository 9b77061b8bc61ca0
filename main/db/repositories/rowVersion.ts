// Optimistic concurrency on the edited rows (migration 0011): what a versioned UPDATE is told.
export interface VersionedWrite {
  /** The version the operator's form read: the write happens only over it. Absent: a write inside a
   * transaction that read the row itself (imports, order approval), which cannot be stale. */
  readVersion?: number | undefined;
  /** false: the save changes no field, so the version stays (nobody else's open form becomes stale). */
  changed?: boolean;
}

/** How much a write adds to row_version. */
export const bumpOf = (w: VersionedWrite): number => (w.changed === false ? 0 : 1);
