import { describe, expect, it } from 'vitest';
import type { MaterialView } from '../../../../main/api/contract';
import { materialStanding } from '../../../../renderer/pages/client/currentMaterial';

const m = (id: number, kind: string, personId: number | null, websiteId: number | null = null) => ({ id, kind, personId, websiteId }) as unknown as MaterialView;

describe('which material is in use after 更换', () => {
  it('marks the newest of a kind for the same person as current and the older ones as replaced', () => {
    const s = materialStanding([m(3, 'curtain', 1, 7), m(9, 'curtain', 1, 7), m(4, 'curtain', 2, 7), m(5, 'licence', null), m(6, 'id-front', 1)]);
    expect([...s.entries()].sort()).toEqual([[3, 'replaced'], [9, 'current']]);
  });
});
