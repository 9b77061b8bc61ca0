// What `validate KIND VALUE` accepts, apart from the rules it runs (validate.ts): the CLI's help lists
// these without loading the rule catalog.
export const VALIDATE_KINDS = ['id', 'uscc', 'mobile', 'domain', 'url', 'icp'] as const;
export type ValidateKind = (typeof VALIDATE_KINDS)[number];
