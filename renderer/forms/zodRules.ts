// antd form rules built from the domain's zod schemas, so a field says exactly what the API would say.
import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { z } from 'zod';
import { certNumberProblem, icpNumberProblem, type ErrorBody } from '../../main/api/contract';
import { ApiError } from '../api';

export function zodRule(schema: z.ZodType, emptyAs: unknown = ''): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const r = schema.safeParse(value === undefined || value === null ? emptyAs : value);
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? '输入不符合要求');
    },
  };
}

/** A rule from a check function returning a message or null. */
export function checkRule(check: (value: unknown) => string | null): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const problem = check(value);
      if (problem) throw new Error(problem);
    },
  };
}

/**
 * Puts the API's field errors next to their fields. `strip` is the part of the API path that the form's
 * names do not have (e.g. ['record'] for the new-client form). Returns what could not be placed.
 */
export function applyServerErrors(form: FormInstance, err: unknown, strip: number): ErrorBody | null {
  if (!(err instanceof ApiError)) return { code: 'INTERNAL', message: '操作失败' };
  const details = err.body.details ?? [];
  const fields = details.filter((d) => d.path.length > strip).map((d) => ({ name: d.path.slice(strip), errors: [d.message] }));
  if (fields.length) form.setFields(fields);
  return fields.length === details.length && fields.length > 0 ? null : err.body;
}

/** 证件号码 checked against the 证件类型 chosen in the sibling field (GB 11643 / GB 32100 where they apply). */
export function certNumberRule(certTypePath: (string | number)[]): Rule {
  return ({ getFieldValue }) => ({
    validator: async (_r, v: string | undefined) => {
      const problem = certNumberProblem(getFieldValue(certTypePath), v);
      if (problem) throw new Error(problem);
    },
  });
}

type FieldPath = (string | number)[];
/** Where the client's facts come from: a value, or the path of a form field holding it. */
export interface IcpClient {
  province: string | FieldPath | null | undefined;
  entityIcp?: string | FieldPath | null | undefined;
}

/**
 * A typed 备案号 through the one check the API and the rules use: format, 主体 vs 网站 form, the province
 * abbreviation of the client's 地域, and a 经营许可证 named as such. A 网站备案号 must extend the 主体备案号.
 */
export function icpNumberRule(kind: 'entity' | 'website', client: IcpClient): Rule {
  return ({ getFieldValue }) => ({
    validator: async (_r, v: string | null | undefined) => {
      if (!v) return;
      const read = (x: string | FieldPath | null | undefined) => (Array.isArray(x) ? ((getFieldValue(x) as string | null | undefined) ?? null) : (x ?? null));
      const p = icpNumberProblem(v, { kind, province: read(client.province), entityIcp: kind === 'website' ? read(client.entityIcp) : null });
      if (p) throw new Error(`${p.message}；${p.hint}`);
    },
  });
}
