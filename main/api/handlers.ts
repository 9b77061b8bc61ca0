// One handler per contract method; each receives input the router has already validated.
import type { z } from 'zod';
import type { Desk } from '../desk';
import { recordOf } from '../export/record';
import {
  addPerson,
  addWebsite,
  auditTrail,
  createClients,
  deleteClient,
  editPerson,
  editWebsite,
  getClient,
  listClients,
  removePerson,
  removeWebsite,
  updateClientEntity,
} from '../services/clients';
import { addMaterial, listMaterials, readMaterial, removeMaterial } from '../services/materials';
import type { Contract, Method, MethodOutput } from './contract';

type Handlers = { [M in Method]: (input: z.output<Contract[M]['input']>, desk: Desk) => MethodOutput<M> };

export const handlers: Handlers = {
  'entity.list': (i, desk) => listClients(desk, { text: i.query, offset: i.offset, limit: i.limit, sortBy: i.sortBy, sortDir: i.sortDir }),
  'entity.get': (i, desk) => getClient(desk, i.id),
  'entity.create': (i, desk) => createClients(desk, [i.record])[0]!,
  'entity.update': (i, desk) => updateClientEntity(desk, i.id, i.entity),
  'entity.delete': (i, desk) => deleteClient(desk, i.id),
  'entity.export': (i, desk) => recordOf(getClient(desk, i.id)),
  'person.create': (i, desk) => addPerson(desk, i.entityId, i.person),
  'person.update': (i, desk) => editPerson(desk, i.id, i.person),
  'person.delete': (i, desk) => removePerson(desk, i.id),
  'website.create': (i, desk) => addWebsite(desk, i.entityId, i.website),
  'website.update': (i, desk) => editWebsite(desk, i.id, i.website),
  'website.delete': (i, desk) => removeWebsite(desk, i.id),
  'material.add': (i, desk) =>
    addMaterial(desk, { entityId: i.entityId, personId: i.personId, websiteId: i.websiteId, kind: i.kind, fileName: i.fileName, data: Buffer.from(i.contentBase64, 'base64') }),
  'material.list': (i, desk) => listMaterials(desk, i.entityId),
  'material.read': (i, desk) => {
    const { material, data } = readMaterial(desk, i.id);
    return { material, contentBase64: data.toString('base64') };
  },
  'material.delete': (i, desk) => removeMaterial(desk, i.id),
  'audit.list': (i, desk) => auditTrail(desk, { entityId: i.entityId, limit: i.limit }),
};
