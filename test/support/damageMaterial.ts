// A bad sector or a sync tool: one byte of a material's stored bytes changed where the desk keeps them — a
// chunk row of the team database, or the encrypted file of the data folder.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Desk } from '../../main/desk';

export async function damageMaterialBytes(desk: Desk, materialId: number, sha256: string): Promise<void> {
  if (desk.sql.dialect.name === 'postgres') {
    const row = await desk.sql.db.selectFrom('material_chunk').select('data').where('material_id', '=', materialId).where('seq', '=', 1).executeTakeFirstOrThrow();
    const changed = Buffer.from(row.data);
    changed[10] = (changed[10] ?? 0) ^ 0xff;
    await desk.sql.db.updateTable('material_chunk').set({ data: changed }).where('material_id', '=', materialId).where('seq', '=', 1).execute();
  } else {
    const path = desk.files.pathOf(sha256);
    const bytes = readFileSync(path);
    bytes[bytes.length - 40] = (bytes[bytes.length - 40] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
  }
}
