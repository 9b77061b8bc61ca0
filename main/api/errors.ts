// The wire format of a failure: what crosses the API boundary for a DeskError (main/domain/errors.ts).
import type { DeskError, ErrorCode, FieldIssue } from '../domain/errors';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: FieldIssue[];
}

export function errorBody(err: DeskError): ErrorBody {
  return err.details ? { code: err.code, message: err.message, details: err.details } : { code: err.code, message: err.message };
}
