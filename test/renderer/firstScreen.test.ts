// The client list's search as the window opens (renderer/firstScreen.ts): it comes from the visit's
// history state, which a reload keeps, never from the page's address (ClientListPage writes it there).
import { describe, expect, it } from 'vitest';
import { clientListSearchAt, searchInState } from '../../renderer/firstScreen';

/** window.history.state as the router writes it: the visit's own state under `usr`. */
const routerState = (usr: unknown) => ({ usr, key: 'k1x2y3', idx: 4 });

describe('clientListSearchAt', () => {
  it('takes the search a reloaded visit carries in its history state (a 负责人 name that is in no address)', () => {
    expect(clientListSearchAt('#/clients', routerState({ search: '赵丽华' }))).toBe('赵丽华');
    expect(clientListSearchAt('#/clients?', routerState({ search: '示例' }))).toBe('示例');
    expect(clientListSearchAt('', routerState({ search: '赵丽华' }))).toBe('赵丽华');
  });

  it('opens the whole list when the visit carries no search of its own', () => {
    expect(clientListSearchAt('#/clients', null)).toBe('');
    expect(clientListSearchAt('#/clients', routerState(null))).toBe('');
    // a personal number's search was in the window's memory, gone with the reload
    expect(clientListSearchAt('#/clients', routerState({ searchId: 'm1-abc' }))).toBe('');
    expect(clientListSearchAt('#/clients', routerState({ search: 42 }))).toBe('');
  });

  it("still reads an address's ?q= from before the search left the address", () => {
    expect(clientListSearchAt('#/clients?q=%E7%A4%BA%E4%BE%8B', null)).toBe('示例');
  });

  it('asks for no list page when the window opens on another screen', () => {
    expect(clientListSearchAt('#/clients/12', routerState({ search: '赵丽华' }))).toBe(null);
    expect(clientListSearchAt('#/settings', null)).toBe(null);
  });
});

describe('searchInState', () => {
  it("reads a visit's search, and nothing from a state without one", () => {
    expect(searchInState({ search: '赵丽华' })).toBe('赵丽华');
    expect(searchInState({ searchId: 'm1-abc' })).toBe(undefined);
    expect(searchInState(null)).toBe(undefined);
    expect(searchInState('赵丽华')).toBe(undefined);
  });
});
