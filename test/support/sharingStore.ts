// Six clients of whom some hold the same domain (shili000001.cn: clients 1 and 4; gongyong.cn: clients 4 and 6) and
// two people the same 证件号码 (clients 2 and 5): the store check-all's slice and worker tests read, each client told of the other holders.
import { clientRecordSchema } from '../../main/domain/schemas';
import type { Desk } from '../../main/desk';
import { createClients } from '../../main/services/clients';
import { companyRecord, personId } from '../fixtures/records';
import { openTestDesk } from '../helpers';

/** `open`: the desk to write them into (a new SQLite desk unless given: a team database's, say). */
export async function sharingStore(open: () => Promise<Desk> = () => openTestDesk()): Promise<{ desk: Desk; ids: number[] }> {
  const desk = await open();
  const records = Array.from({ length: 6 }, (_, i) => companyRecord(i + 1));
  records[3] = companyRecord(4, { domains: ['shili000001.cn', 'gongyong.cn'] });
  records[5] = companyRecord(6, { domains: ['gongyong.cn'] });
  records[4]!.people![0] = { ...records[4]!.people![0]!, certNumber: personId(2), name: '王另名' };
  const ids = (await createClients(desk, records.map((r) => clientRecordSchema.parse(r)))).map((c) => c.id);
  return { desk, ids };
}
