// 证件有效期 and 营业期限: a certificate must be valid when the order is filed, and stay valid while the
// provider and the 管局 review it (weeks), so one that expires soon warns.
import { addMonths, chinaDay, isCalendarDay } from '../domain/dates';
import { validityOn } from '../domain/validity';
import { personLabel } from './facts';
import { NONE, type FindingDraft, type Path, type Rule, type RuleContext } from './types';

const SOURCE = '腾讯云《网站备案 备案类型》产品文档（上传资料：“证件必须在有效期内”）';
const DEV_SOURCE = 'S4 首次备案 3.1 上传资料 “2、证件必须在有效期内”（seeds/004 l.226；同句见 l.609、950、1205、1577），营业执照与身份证两项上传均适用';

/** What a finding of a certificate names: the certificate, and the paths of its end and start. */
type Certificate = { what: string; path: Path; fromPath: Path | null };

/**
 * The findings of one certificate's validity: expired, expiring, not yet valid, or not entered. `cert` is asked only
 * for a finding (check-all checks every client's certificates, most of them valid): none is the shared NONE.
 */
function validityFindings(ctx: RuleContext, cert: () => Certificate, term: string, validFrom: string | null, validTo: string | null, monthsNeeded: number | null = null): readonly FindingDraft[] {
  const today = chinaDay(ctx.today);
  const v = validityOn(validTo, ctx.today, ctx.validityWarnDays);
  // a province that wants months of validity left (上海: 3) refuses what the warn days would let through or only warn about
  const tooShort = monthsNeeded !== null && (v.state === 'valid' || v.state === 'expiring') && v.validTo < addMonths(today, monthsNeeded);
  // a start that is no day (2015-02-30, 长期: a record read leniently, or stored before the form refused it),
  // a start after today, or an end before the start (both days as written)
  const fromProblem = !validFrom ? null : !isCalendarDay(validFrom) ? 'unreadable' : validFrom > today ? 'late' : validTo && DAY.test(validTo) && validTo < validFrom ? 'afterEnd' : null;
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: a shortcut; going on finds nothing for such a certificate either
  if ((v.state === 'valid' || v.state === 'longTerm') && !fromProblem && !tooShort) return NONE;
  const { what, path, fromPath } = cert();
  const out: FindingDraft[] = [];
  if (tooShort) {
    out.push({
      path,
      message: `${what}的${term}到 ${validTo} 为止，不足 ${monthsNeeded} 个月：${ctx.province!.short}管局要求负责人证件有效期在 ${monthsNeeded} 个月以上`,
      hint: '换领新证后再提交，并更新证件信息、有效期与证件照片',
      source: `腾讯云《各省管局要求》（2017-06-05，资料较旧，以管局现行要求为准）（${ctx.province!.short}：负责人证件有效期须在 ${monthsNeeded} 个月以上）`,
    });
  } else switch (v.state) {
    case 'expired':
      out.push({ path, message: `${what}已过期（${term}至 ${v.validTo}）`, hint: '证件必须在有效期内：换领新证后更新证件信息与有效期，并重新上传证件照片' });
      break;
    case 'expiring':
      out.push({
        path,
        severity: 'warning',
        message: `${what}的${term}到 ${v.validTo} 为止，还剩 ${v.daysLeft} 天，订单可能在到期前办不完`,
        hint: `接入商初审、复审加管局审核通常要数周；到期前换领新证再提交。提前警告的天数（当前 ${ctx.validityWarnDays} 天）可在设置中调整`,
      });
      break;
    case 'missing':
      out.push({ path, severity: 'info', message: `未填写${what}的${term}，无法判断是否在有效期内`, hint: '按证件填写有效期止日期，长期有效的填“长期”' });
      break;
    case 'unreadable':
      out.push({ path, message: `${what}的${term}“${validTo}”不是有效日期`, hint: '格式为 YYYY-MM-DD，或“长期”' });
      break;
    // Stryker disable next-line ConditionalExpression: the last case; without its break the switch ends all the same
    default:
      break;
  }
  if (fromPath && fromProblem === 'unreadable') out.push({ path: fromPath, message: `${what}的${term}起始日“${validFrom}”不是有效日期`, hint: '按证件上的签发日期填写，格式为 YYYY-MM-DD（“长期”只用于有效期止）' });
  else if (fromPath && fromProblem === 'late') out.push({ path: fromPath, severity: 'warning', message: `${what}的${term}起始日 ${validFrom} 晚于今天`, hint: '核对证件上的签发日期' });
  else if (fromPath && fromProblem === 'afterEnd') out.push({ path, message: `${what}的${term}止 ${validTo} 早于起始日 ${validFrom}`, hint: '核对证件上的有效期限' });
  return out;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const validityRules: Rule[] = [
  {
    id: 'V-ID-08',
    scope: 'person',
    severity: 'error',
    title: '负责人证件须在有效期内',
    source: SOURCE,
    devSource: `${DEV_SOURCE}；上海 3 个月以上：qcloud 各省管局要求20170605（domain.md §4 上海 “ID valid >3 months”）`,
    check: (ctx) => {
      const people = ctx.record.people;
      let out: FindingDraft[] | undefined;
      for (let i = 0; i < people.length; i++) {
        const p = people[i]!;
        const found = validityFindings(ctx, () => ({ what: `${personLabel(p, i)}的证件`, path: ['people', i, 'certValidTo'], fromPath: ['people', i, 'certValidFrom'] }), '有效期', p.certValidFrom, p.certValidTo, ctx.province?.rules.idValidityMonths ?? null);
        if (found.length) (out ??= []).push(...found);
      }
      return out ?? NONE;
    },
  },
  {
    id: 'V-ID-09',
    scope: 'entity',
    severity: 'error',
    title: '主体证件（营业执照）须在营业期限内',
    source: SOURCE,
    devSource: `${DEV_SOURCE}；营业期限见营业执照“营业期限”栏`,
    natures: 'unit',
    check: (ctx) => {
      const e = ctx.record.entity;
      const licence = e.certType.includes('营业执照');
      return validityFindings(ctx, () => ({ what: licence ? '营业执照' : '主体证件', path: ['entity', 'certValidTo'], fromPath: null }), licence ? '营业期限' : '有效期', null, e.certValidTo);
    },
  },
];
