// The team server's roles and their Chinese names, on their own (no zod) so the CLI's help can name
// them without loading the rest of accounts.ts. Renderer-safe.
export const ACCOUNT_ROLES = ['admin', 'operator', 'photo'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export const ROLE_LABELS: Record<AccountRole, string> = { admin: '管理员', operator: '操作员', photo: '拍照点' };
