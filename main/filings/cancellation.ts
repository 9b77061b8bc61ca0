// What 注销 and 取消接入 do, as seed 004 (Tencent 备案 guide) tells the operator before they confirm, and
// what they need: a 备案号 to cancel, and the 备案密码 for 注销主体 (and 接入备案, seed 003/004).
import type { FilingType } from '../domain/enums';

export const CONSEQUENCES: Partial<Record<FilingType, string>> = {
  取消接入: '取消接入后，若网站没有其他接入商，管局可能注销其备案号，域名将无法继续访问。申请一旦提交至通信管局则无法撤回。（腾讯云《取消接入网站》）',
  注销网站: '注销后，该网站下的所有域名将不能访问。申请提交到通信管理局后，不可撤回。（腾讯云《注销网站》）',
  注销主体: '注销主体将把该主体以及主体下的所有网站从管局备案中注销，所有网站将不能访问。申请一旦提交到通信管局则无法撤回。（腾讯云《注销主体》）',
};

/** Filing types whose submission needs the 主体's 备案密码. */
export const NEEDS_FILING_PASSWORD: readonly FilingType[] = ['注销主体', '接入备案'];

export const consequenceOf = (type: string): string | null => CONSEQUENCES[type as FilingType] ?? null;
