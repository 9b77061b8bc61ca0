// What a dialog says when the desk refuses a write: the API's message first, then each detail it gave,
// in the desk's own Chinese words; anything that is not the desk's answer gets the dialog's fallback.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../renderer/api';
import { problemOf } from '../../../renderer/query/useSubmit';

describe('problemOf', () => {
  it('lists the refusal and its details in the order the desk gave them', () => {
    const err = new ApiError({ code: 'VALIDATION', message: '订单不能提交', details: [{ path: ['entityIcpNumber'], message: '主体备案号格式不正确' }, { path: ['websiteIcpNumbers', '3'], message: '网站备案号应以主体备案号开头' }] });
    expect(problemOf(err)).toEqual(['订单不能提交', '主体备案号格式不正确', '网站备案号应以主体备案号开头']);
  });

  it('says the fallback for a failure that is not the desk answering', () => {
    expect(problemOf(new TypeError('Failed to fetch'), '保存失败')).toEqual(['保存失败']);
    expect(problemOf(new TypeError('Failed to fetch'))).toEqual(['操作失败']);
  });
});
