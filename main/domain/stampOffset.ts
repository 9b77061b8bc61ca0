/**
 * How far (mm) a seal or a signature may be moved from its place on the 核验单, each way: the API's stamp
 * settings and the CLI's `stamp --dx/--dy` take the same bound.
 */
export const MAX_STAMP_OFFSET_MM = 50;
