// What screens and exports show of personal numbers: masked unless the operator reveals them, and every
// reveal leaves an audit entry.
import { maskNumber, MOBILE_RE } from '../domain/identifiers';
import type { EntityView, PersonView } from '../domain/views';

export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at <= 0) return maskNumber(email);
  return `${email[0]}***${email.slice(at)}`;
}

/** The person fields screens and exports mask: a person of the store, or of a filed record (已备案信息). */
type PersonalFields = Pick<PersonView, 'certNumber' | 'mobile' | 'emergencyPhone' | 'email' | 'officePhone'>;

export function maskPerson<P extends PersonalFields>(p: P): P {
  return {
    ...p,
    certNumber: maskNumber(p.certNumber),
    mobile: maskNumber(p.mobile),
    emergencyPhone: p.emergencyPhone ? maskNumber(p.emergencyPhone) : '',
    email: maskEmail(p.email),
    officePhone: maskOfficePhone(p.officePhone),
  };
}

/** 办公室电话 takes a mobile too (OFFICE_PHONE_RE), which individuals often give there: masked like the mobile; an office line is not. */
export const maskOfficePhone = (v: string): string => (MOBILE_RE.test(v.replace(/^086-/, '')) ? maskNumber(v) : v);

/** A unit's 证件号码 (统一社会信用代码) is public; an individual's 身份证号 is masked like any person's. */
export function maskEntity(e: EntityView): EntityView {
  return {
    ...e,
    masked: true,
    certNumber: e.nature === '个人' ? maskNumber(e.certNumber) : e.certNumber,
    people: e.people.map(maskPerson),
  };
}
