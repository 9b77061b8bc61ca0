// The new-client form refers to its 负责人 rows by position (主体负责人, each 网站负责人, the person an
// accepted ID photo belongs to). Form.List moves the rows below a removed one up: every such reference
// moves with them, and one to the removed row is gone, not passed on to its neighbour.

/** Where a reference to row `index` points once row `removed` is gone; undefined when it was that row. */
export function indexAfterRemoval(index: number | undefined, removed: number): number | undefined {
  if (index === undefined || index === null) return undefined;
  if (index === removed) return undefined;
  return index > removed ? index - 1 : index;
}
