// API methods of 设置 → 团队服务器 (issue 14) on a single desk: which team server the desktop app opens its
// window on, the connection check, and the commands that run this data folder as the agency's server.
// Spread into the contract in contract.ts; roles in roles.ts (a team server refuses them all anyway).
import { z } from 'zod';
import type { MethodDefinitions } from './methodSpecs';
import { fingerprintSchema, optionalFingerprintSchema, teamServerAddressSchema } from '../domain/teamServer';

const linkViewSchema = z.object({
  saved: z.object({ address: z.string(), fingerprint256: z.string(), savedAt: z.string() }).nullable(),
  savedProblem: z.string().nullable(),
  envOverride: z.string().nullable(),
  dataDir: z.string(),
  serverCommand: z.string(),
  firstAdminCommand: z.string(),
});

export const teamServerMethods = {
  /** The saved team server (or why its file cannot be read), an environment override, and the server commands. */
  'teamServer.get': () => ({ input: z.strictObject({}), output: linkViewSchema }),
  /** 检查连接: the certificate the address presents, whether it is the pinned one, whether it is a BeianDesk team server. */
  'teamServer.check': () => ({
    input: z.strictObject({ address: teamServerAddressSchema, fingerprint: optionalFingerprintSchema }),
    output: z.object({
      origin: z.string(),
      fingerprint256: z.string(),
      matches: z.boolean().nullable(),
      subject: z.string(),
      validTo: z.string(),
      beianDesk: z.boolean(),
      answer: z.string(),
    }),
  }),
  /** 保存: the desktop app opens its window on this server from its next start. */
  'teamServer.save': () => ({ input: z.strictObject({ address: teamServerAddressSchema, fingerprint: fingerprintSchema }), output: linkViewSchema }),
  /** 断开: from the next start the window opens on the desk's own core again. */
  'teamServer.clear': () => ({ input: z.strictObject({}), output: linkViewSchema }),
} satisfies MethodDefinitions;
