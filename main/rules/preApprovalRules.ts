// V-PRE-01: a website that says 以上都不涉及 (no 前置审批) while the 主体's 经营范围 or the site's name points
// at a category: a warning naming the words found. Never a block — a scope lists what a company may do,
// not what this site does (a software shop's scope often says 教育咨询), and the operator decides.
import { PRE_APPROVAL_KEYWORDS, preApprovalHits } from './preApprovalKeywords';
import type { FindingDraft, Rule } from './types';

export const preApprovalRules: Rule[] = [
  {
    id: 'V-PRE-01',
    scope: 'website',
    severity: 'warning',
    title: '经营范围或网站名称涉及前置审批类别，网站却选了“以上都不涉及”',
    source: PRE_APPROVAL_KEYWORDS.source,
    devSource: PRE_APPROVAL_KEYWORDS.devSource,
    check: (ctx) => {
      const scopeHits = preApprovalHits(ctx.record.entity.businessScope ?? '');
      const out: FindingDraft[] = [];
      ctx.record.websites.forEach((w, i) => {
        if (w.preApprovals.length) return;
        const nameHits = preApprovalHits(w.name);
        // most sites: no word found, nothing to make
        // Stryker disable next-line ConditionalExpression: a shortcut; going on finds no category either
        if (!scopeHits.length && !nameHits.length) return;
        const categories = [...new Set([...scopeHits, ...nameHits].map((h) => h.category))];
        for (const category of categories) {
          const inScope = scopeHits.find((h) => h.category === category)?.words ?? [];
          const inName = nameHits.find((h) => h.category === category)?.words ?? [];
          const where = [inScope.length ? `经营范围含“${inScope.join('”“')}”` : '', inName.length ? `网站名称含“${inName.join('”“')}”` : ''].filter(Boolean).join('，');
          out.push({
            path: ['websites', i, 'preApprovals'],
            message: `${where}，可能涉及“${category}”前置审批，但网站“${w.name || i + 1}”选了“以上都不涉及”`,
            hint: `网站确实提供${category}类内容时须先取得前置审批并勾选、上传审批文件；只是经营范围里有、网站并不涉及的，可忽略此提示`,
          });
        }
      });
      return out;
    },
  },
];
