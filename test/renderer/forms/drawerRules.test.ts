import { describe, expect, it } from 'vitest';
import { entityDrawerField, itemDrawerField } from '../../../renderer/forms/drawerRules';

describe('where a finding lands in an edit drawer', () => {
  it('puts 主体 findings on 编辑主体信息 fields, the principal on its select', () => {
    expect(entityDrawerField(['entity', 'certValidTo'])).toEqual(['certValidTo']);
    expect(entityDrawerField(['entity', 'principal'])).toEqual(['principalPersonId']);
    expect(entityDrawerField(['websites', 0, 'name'])).toBeNull();
  });

  it('takes only the edited website’s findings, a list-wide one without a field', () => {
    expect(itemDrawerField('websites', ['websites', 1, 'domains', 0], 1)).toEqual(['domains', 0]);
    expect(itemDrawerField('websites', ['websites', 1, 'domains'], 1)).toEqual([]);
    expect(itemDrawerField('websites', ['websites', 0, 'name'], 1)).toBeNull();
    expect(itemDrawerField('people', ['people', 2, 'certNumber'], 2)).toEqual(['certNumber']);
  });
});
